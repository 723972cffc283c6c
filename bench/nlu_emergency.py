"""Emergency detection under leave-situation-out cross-validation (issue 11).

Every situation of config/nlu/emergency.yml is held out in turn (29 folds): the model is
trained without any of its messages, and the detector (rules + that model) must still find
them; the corpus's negatives and the appeal/dialogue training examples are dealt into the
same folds so false alarms are counted on unseen messages too. Then the shipped detector
(trained on everything) is scored on tests/unit/nlu/data/emergency_heldout.yml, written
before the corpus and never trained or tuned on, and on the two blind sets
(emergency_blind.yml, emergency_blind2.yml: written by authors who had not read the
detector, never tuned on).

With ``--triage``: the other outcomes of 第十三条 by concepts (nlu/triage.py) on the held-out
phrasings tests/unit/nlu/data/triage_heldout.yml, on every appeal/dialogue training
example, and (when present) on the real appeals of ../shared/data/appeals-dev.csv, read at
run time: none of those is a (四)(五)(六) matter, so every finding there is a false one.

The sixth round's development set tests/unit/nlu/data/emergency_dev6.yml (tuned on) is
scored too.

Run: OMP_NUM_THREADS=1 .venv/bin/python bench/nlu_emergency.py [--missed] [--triage]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import time
from collections import Counter
from pathlib import Path

import yaml

from nlu.address import default_gazetteer
from nlu.data import load_examples
from nlu.emergency import EmergencyCorpus
from nlu.emergency_eval import Detector, FoldResult, evaluate_fold, leave_situations_out
from nlu.normalize import normalize
from nlu.resources import CONFIG_DIR, REPO_ROOT
from nlu.triage import concept_triage, other_place, other_triage

HELDOUT = REPO_ROOT / "tests" / "unit" / "nlu" / "data" / "emergency_heldout.yml"
#: Written at the start of the second round, before any tuning, and never tuned on.
BLIND = REPO_ROOT / "tests" / "unit" / "nlu" / "data" / "emergency_blind.yml"
#: Written on 2026-12-01 by a helper who had not read the detector, before any measurement.
BLIND2 = REPO_ROOT / "tests" / "unit" / "nlu" / "data" / "emergency_blind2.yml"
#: The sixth round's development set (tuned on): missing people told by consequences,
#: dangerous animals, fire in habit words; hazard complaints, disputes, plain appeals.
DEV6 = REPO_ROOT / "tests" / "unit" / "nlu" / "data" / "emergency_dev6.yml"


def dev6(detector: Detector) -> dict[str, object]:
    """The shipped detector on the sixth round's development set: recall, precision, and
    the plain appeals (``no_line``) given an alarm or the safety line."""
    doc = yaml.safe_load(DEV6.read_text(encoding="utf-8"))
    negatives = [t for group in doc["negatives"].values() for t in group]
    res = evaluate_fold(detector, [(p["text"], p["service"]) for p in doc["positives"]], negatives)
    lines = sum(detector.detect(t) is not None for t in doc["no_line"])
    return {**res.summary(), "no_line_flagged": f"{lines}/{len(doc['no_line'])}"}


def blind(detector: Detector, path: Path = BLIND) -> dict[str, object]:
    """The shipped detector on a blind set (``path``), with recall per situation."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    res = evaluate_fold(
        detector, [(p["text"], p["service"]) for p in doc["positives"]], doc["negatives"]
    )
    per: dict[str, list[int]] = {}
    missed = {t for t, _ in res.missed}
    for p in doc["positives"]:
        hit = per.setdefault(p["situation"], [0, 0])
        hit[0] += p["text"] not in missed
        hit[1] += 1
    return {
        **res.summary(),
        "per_situation": {k: f"{a}/{b}" for k, (a, b) in per.items() if a < b},
        "missed_count": len(res.missed),
        "alarm_count": len(res.alarms),
    }


TRIAGE_HELD = REPO_ROOT / "tests" / "unit" / "nlu" / "data" / "triage_heldout.yml"


def triage_report() -> dict[str, object]:
    """The concept triage on held-out phrasings, training examples and real appeals."""
    gaz = default_gazetteer()

    def run(text: str) -> str | None:
        t = normalize(text)
        heze = gaz.resolve(t) is not None or "菏泽" in t
        found = other_triage(t, None if heze else gaz.outside)
        return found.outcome.value if found else None

    held = yaml.safe_load(TRIAGE_HELD.read_text(encoding="utf-8"))
    right = sum(run(p["text"]) == p["outcome"] for p in held["positives"])
    wrong = [t for t in held["negatives"] if run(t) is not None]
    out: dict[str, object] = {
        "heldout_recall": f"{right}/{len(held['positives'])}",
        "heldout_negatives_caught": f"{len(wrong)}/{len(held['negatives'])}",
    }
    examples = [normalize(e.text) for e in load_examples(Path(CONFIG_DIR))]
    caught = sum(1 for t in examples if concept_triage(t) or other_place(t))
    out["training_examples_caught_by_concepts"] = f"{caught}/{len(examples)}"
    shared = Path(os.environ.get("HOTLINE_SHARED_DIR", REPO_ROOT.parent / "shared"))
    dev = shared / "data" / "appeals-dev.csv"
    if dev.exists():
        with dev.open(encoding="utf-8-sig", newline="") as fh:
            texts = [normalize(r["text"]) for r in csv.DictReader(fh)]
        by_concepts = Counter(
            found.outcome.value for t in texts if (found := concept_triage(t)) is not None
        )
        places = sum(1 for t in texts if other_place(t))
        out["appeals_dev"] = {
            "messages": len(texts),
            "caught_by_concepts": dict(by_concepts),
            "other_place": places,
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--missed", action="store_true", help="print missed texts and alarms")
    ap.add_argument("--no-blind", action="store_true", help="leave the blind set out (tuning)")
    ap.add_argument("--blind-only", action="store_true", help="only the blind set (fast)")
    ap.add_argument("--triage", action="store_true", help="only the (四)(五)(六) concepts")
    args = ap.parse_args()
    if args.triage:
        print(json.dumps(triage_report(), ensure_ascii=False, indent=1))
        return
    corpus = EmergencyCorpus.load()
    extra = [e.text for e in load_examples(Path(CONFIG_DIR))]
    if args.blind_only:
        detector = Detector.train(corpus, extra)
        both = {"blind_file": blind(detector), "blind2_file": blind(detector, BLIND2)}
        print(json.dumps(both, ensure_ascii=False, indent=1))
        return
    t0 = time.perf_counter()
    folds = [frozenset({name}) for name in corpus.situations]
    loso = leave_situations_out(corpus, extra, folds)
    out: dict[str, object] = {
        "leave_situation_out": {
            **loso.summary(),
            "folds": len(folds),
            "seconds": round(time.perf_counter() - t0, 1),
        }
    }
    out["loso_threshold_sweep"] = loso.sweep([-0.1, -0.05, 0.0, 0.05, 0.1, 0.2])
    held = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))
    detector = Detector.train(corpus, extra)
    res: FoldResult = evaluate_fold(
        detector, [(p["text"], p["service"]) for p in held["positives"]], held["negatives"]
    )
    border = [detector.detect(t) for t in held["borderline"]]
    out["heldout_file"] = {
        **res.summary(),
        "borderline_found": sum(b is not None for b in border),
        "borderline_total": len(border),
    }
    out["dev6_file"] = dev6(detector)
    if not args.no_blind:
        out["blind_file"] = blind(detector)
        out["blind2_file"] = blind(detector, BLIND2)
    print(json.dumps(out, ensure_ascii=False))
    if args.missed:
        for name, r in (("loso", loso), ("heldout", res)):
            for text, service in r.missed:
                print(f"{name} MISSED {service} {text}")
            for text in r.alarms:
                print(f"{name} ALARM {text}")


if __name__ == "__main__":
    main()
