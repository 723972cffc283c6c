#!/usr/bin/env bash
# Build .rasa-venv (Python 3.10, Rasa 3.6), train on config/nlu and serve /model/parse.
# Generated files (data copy, domain.yml, models/) go to var/rasa.
#   rasa/setup.sh            # build + train
#   rasa/setup.sh serve      # build + train + serve on 127.0.0.1:${RASA_PORT:-5005}
# Then: HOTLINE_NLU_BACKEND=rasa HOTLINE_RASA_URL=http://127.0.0.1:5005 hotline serve
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="$ROOT/.rasa-venv"
WORK="$ROOT/var/rasa"  # generated data, domain and models stay out of the repository
# a pyenv shim exists even when 3.10 is not the selected version: probe each candidate
PY=""
for cand in "${RASA_PYTHON:-}" python3.10 "$(pyenv root 2>/dev/null)"/versions/3.10*/bin/python3.10; do
  if [[ -n "$cand" ]] && "$cand" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
    PY="$cand"
    break
  fi
done
if [[ -z "$PY" ]]; then
  echo "python3.10 is required (pyenv install 3.10.13)" >&2
  exit 2
fi
if [[ ! -x "$VENV/bin/rasa" ]]; then
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install --upgrade pip
  "$VENV/bin/pip" install "rasa==3.6.*" "jieba>=0.42"
fi
# the same training data the embedded engine uses, plus the Heze jieba dictionary
rm -rf "$WORK/data"
mkdir -p "$WORK/data/jieba"
cp "$ROOT"/config/nlu/nlu.yml "$ROOT"/config/nlu/appeals.yml "$ROOT"/config/nlu/lexicon.yml "$WORK/data/"
cp "$ROOT/config/nlu/userdict.txt" "$WORK/data/jieba/userdict.txt"
"$VENV/bin/python" "$ROOT/rasa/make_domain.py" "$WORK/data" "$WORK/domain.yml"
cp "$ROOT/rasa/config.yml" "$WORK/config.yml"
cd "$WORK"
"$VENV/bin/rasa" train nlu --config config.yml --nlu data --out models --fixed-model-name heze
if [[ "${1:-}" == "serve" ]]; then
  exec "$VENV/bin/rasa" run --enable-api --model models/heze.tar.gz \
    --interface 127.0.0.1 --port "${RASA_PORT:-5005}"
fi
