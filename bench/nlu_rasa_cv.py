"""Rasa 3.6 on the same 5 folds as bench/nlu_cv.py: reduced DIET (5,000 word features,
no transformer layers, 40 epochs), trained per fold with .rasa-venv, served, and queried
over its HTTP API one message at a time.

Run (after rasa/setup.sh built .rasa-venv):
    .venv/bin/python bench/nlu_rasa_cv.py [--folds 5] [--port 5077]
Fold data is written to a temporary folder outside the repository and deleted after.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np
from sklearn.model_selection import StratifiedKFold

from nlu.data import read_labelled_csv
from nlu.evaluate import macro_f1
from nlu.resources import REPO_ROOT, shared_dir

RASA = REPO_ROOT / ".rasa-venv" / "bin" / "rasa"
CONFIG = """recipe: default.v1
language: zh
assistant_id: heze-cv
pipeline:
  - name: JiebaTokenizer
  - name: CountVectorsFeaturizer
    analyzer: word
    max_features: 5000
  - name: DIETClassifier
    epochs: 40
    number_of_transformer_layers: 0
    entity_recognition: false
    constrain_similarities: true
policies: []
"""


def _clean(text: str) -> str:
    # one line per example; brackets would read as Rasa entity annotations
    text = " ".join(text.split())
    return text.replace("[", "【").replace("]", "】").replace("(", "（").replace(")", "）")


def _write_fold(work: Path, texts: list[str], labels: list[str]) -> None:
    (work / "data").mkdir(parents=True)
    by_label: dict[str, list[str]] = {}
    for t, label in zip(texts, labels, strict=True):
        by_label.setdefault(label, []).append(_clean(t))
    lines = ['version: "3.1"', "nlu:"]
    for label, examples in by_label.items():
        lines += [f"- intent: {label}", "  examples: |"]
        lines += [f"    - {json.dumps(e, ensure_ascii=False)[1:-1]}" for e in examples]
    (work / "data" / "nlu.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (work / "config.yml").write_text(CONFIG, encoding="utf-8")


def _serve(work: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [
            str(RASA),
            "run",
            "--enable-api",
            "--model",
            "models",
            "--interface",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=work,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/status", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(3)
    proc.terminate()
    raise RuntimeError("rasa server did not come up")


def shipped(url: str, texts: list[str], labels: list[str]) -> None:
    """The Rasa model trained on config/nlu (rasa/setup.sh serve), mapped to the 7 labels
    by the best-ranked ``appeal__<level1>__...`` intent among them."""
    allowed = sorted(set(labels))
    pred, timings = [], []
    with httpx.Client(timeout=30) as client:
        for text in texts:
            q0 = time.perf_counter()
            body = client.post(url.rstrip("/") + "/model/parse", json={"text": text}).json()
            timings.append((time.perf_counter() - q0) * 1000)
            scores: dict[str, float] = {}
            for item in body.get("intent_ranking", []):
                parts = str(item["name"]).split("__")
                if len(parts) >= 2 and parts[1] in allowed:
                    scores[parts[1]] = max(scores.get(parts[1], 0.0), float(item["confidence"]))
            pred.append(max(allowed, key=lambda c: scores.get(c, 0.0)))
    acc = sum(g == p for g, p in zip(labels, pred, strict=True)) / len(labels)
    print(
        json.dumps(
            {
                "rasa_shipped_model": {
                    "accuracy": round(acc, 4),
                    "macro_f1": round(macro_f1(labels, pred), 4),
                    "parse_ms_p50": round(float(np.percentile(timings, 50)), 2),
                    "parse_ms_p99": round(float(np.percentile(timings, 99)), 2),
                }
            },
            ensure_ascii=False,
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--port", type=int, default=5077)
    ap.add_argument(
        "--shipped-url",
        default=None,
        help="score the running shipped Rasa model instead of cross-validating",
    )
    args = ap.parse_args()
    texts, labels = read_labelled_csv(Path(shared_dir()) / "data" / "appeals-dev.csv")
    if args.shipped_url:
        shipped(args.shipped_url, texts, labels)
        return
    y = np.array(labels)
    gold: list[str] = []
    pred: list[str] = []
    timings: list[float] = []
    train_s: list[float] = []
    folds = StratifiedKFold(args.folds, shuffle=True, random_state=0).split(texts, y)
    for k, (tr, te) in enumerate(folds):
        with tempfile.TemporaryDirectory(prefix="rasa-cv-") as tmp:
            work = Path(tmp)
            _write_fold(work, [texts[i] for i in tr], [labels[i] for i in tr])
            t0 = time.perf_counter()
            subprocess.run(
                [
                    str(RASA),
                    "train",
                    "nlu",
                    "--config",
                    "config.yml",
                    "--nlu",
                    "data",
                    "--out",
                    "models",
                ],
                cwd=work,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            train_s.append(time.perf_counter() - t0)
            proc = _serve(work, args.port)
            try:
                with httpx.Client(timeout=30) as client:
                    for i in te:
                        q0 = time.perf_counter()
                        body = client.post(
                            f"http://127.0.0.1:{args.port}/model/parse", json={"text": texts[i]}
                        ).json()
                        timings.append((time.perf_counter() - q0) * 1000)
                        pred.append(str(body["intent"]["name"]))
                        gold.append(labels[i])
            finally:
                proc.terminate()
                proc.wait(timeout=60)
        fold_acc = np.mean([g == p for g, p in zip(gold, pred, strict=True)])
        print(f"fold {k}: train_s={train_s[-1]:.0f} cumulative_acc={fold_acc:.4f}", flush=True)
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    print(
        json.dumps(
            {
                "rasa_diet_reduced": {
                    "accuracy": round(acc, 4),
                    "macro_f1": round(macro_f1(gold, pred), 4),
                    "train_seconds_mean": round(float(np.mean(train_s)), 1),
                    "parse_ms_p50": round(float(np.percentile(timings, 50)), 2),
                    "parse_ms_p99": round(float(np.percentile(timings, 99)), 2),
                    # largest child process waited for (the training runs): peak RSS in MiB
                    "train_peak_rss_mb": round(
                        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
                    ),
                }
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
