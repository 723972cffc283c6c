"""``hotline nlu train|eval|parse`` and ``hotline kb list|search|stale|check``."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from nlu.errors import NluError
from nlu.resources import CONFIG_DIR, KNOWLEDGE_DIR


def register(subparsers: Any) -> None:
    """Add the ``nlu`` and ``kb`` subcommands."""
    nlu = subparsers.add_parser("nlu", help="train, evaluate and try the NLU engine")
    sub = nlu.add_subparsers(dest="nlu_command", required=True)
    p = sub.add_parser("train", help="train the shipped model from config/nlu and save it")
    p.add_argument("--data", type=Path, default=CONFIG_DIR, help="Rasa YAML folder")
    p.add_argument("--out", type=Path, default=None, help="model folder (default var/nlu)")
    p.add_argument(
        "--history",
        type=Path,
        default=None,
        help="CSV of past orders (text,category[,unit]): train on them too; the new model "
        "replaces the saved one only if it scores at least as well on a held-out slice",
    )
    p.set_defaults(func=_train)
    p = sub.add_parser("eval", help="train on TRAIN.csv, score on TEST.csv (id,label,text)")
    p.add_argument("--train", type=Path, required=True)
    p.add_argument("--test", type=Path, required=True)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=_eval)
    p = sub.add_parser("parse", help="parse one text with the shipped model")
    p.add_argument("text")
    p.set_defaults(func=_parse)

    kb = subparsers.add_parser("kb", help="the hotline knowledge base (第十八条)")
    ksub = kb.add_subparsers(dest="kb_command", required=True)
    p = ksub.add_parser("search", help="answer a question from the knowledge base")
    p.add_argument("query")
    p.add_argument("-k", type=int, default=3)
    p.add_argument("--dir", type=Path, default=KNOWLEDGE_DIR)
    p.set_defaults(func=_kb_search)
    p = ksub.add_parser("stale", help="entries past their review date (第二十二条(四))")
    p.add_argument("--today", type=date.fromisoformat, default=None)
    p.add_argument("--dir", type=Path, default=KNOWLEDGE_DIR)
    p.set_defaults(func=_kb_stale)
    p = ksub.add_parser("check", help="validate every entry; count per domain")
    p.add_argument("--dir", type=Path, default=KNOWLEDGE_DIR)
    p.set_defaults(func=_kb_check)


def _model_dir(out: Path | None) -> Path:
    if out is not None:
        return out
    from config.settings import load_settings

    return load_settings().var_dir / "nlu"


def _train(args: argparse.Namespace) -> int:
    from nlu.engine import EmbeddedEngine

    if args.history is not None:
        return _train_history(args)
    try:
        engine = EmbeddedEngine.train(args.data)
        out = _model_dir(args.out)
        engine.save(out)
    except NluError as exc:
        print(f"训练失败：{exc}", file=sys.stderr)
        return 2
    print(json.dumps({"model_dir": str(out), **asdict(engine.info)}, ensure_ascii=False))
    return 0


def _train_history(args: argparse.Namespace) -> int:
    """Retrain with a centre's history; keep the saved model when the new one is worse."""
    from nlu.engine import EmbeddedEngine
    from nlu.retrain import retrain
    from nlu.training import read_history

    out = _model_dir(args.out)
    try:
        rows = read_history(args.history)
        try:
            current = EmbeddedEngine.load(out, args.data)
        except NluError:
            current = EmbeddedEngine.train(args.data)
        report = retrain(current, rows, out, data_dir=args.data, adopt=False)
    except NluError as exc:
        print(f"训练失败：{exc}", file=sys.stderr)
        return 2
    print(json.dumps(report.as_dict(), ensure_ascii=False))
    return 0


def _eval(args: argparse.Namespace) -> int:
    from nlu.evaluate import evaluate

    try:
        result = evaluate(args.train, args.test)
    except NluError as exc:
        print(f"评测失败：{exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(
            f"n={result['n']} accuracy={result['accuracy']} macro_f1={result['macro_f1']} "
            f"train={result['train_seconds']}s p50={result['parse_ms_p50']}ms "
            f"p99={result['parse_ms_p99']}ms rss={result['peak_rss_mb']}MB"
        )
        for label, s in result["per_class"].items():
            print(f"  {label}: P={s['precision']} R={s['recall']} F1={s['f1']}")
    return 0


def _parse(args: argparse.Namespace) -> int:
    from nlu.engine import load_engine

    engine = load_engine(_model_dir(None))
    result = engine.parse(args.text)
    data = asdict(result)
    # personal data stays masked on a terminal, too
    data["entities"] = [{**e, "value": e["masked"]} for e in data["entities"]]
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    return 0


def _kb_search(args: argparse.Namespace) -> int:
    from nlu.knowledge import KnowledgeBase

    kb = KnowledgeBase.load(args.dir)
    answers = kb.search(args.query, k=args.k)
    print(json.dumps([asdict(a) for a in answers], ensure_ascii=False, indent=2))
    return 0 if answers else 1


def _kb_stale(args: argparse.Namespace) -> int:
    from nlu.knowledge import KnowledgeBase

    kb = KnowledgeBase.load(args.dir)
    rows = kb.stale(args.today or date.today())
    for e in rows:
        print(f"{e.id}\t{e.source_unit}\t复核日期 {e.review_date}\t{e.title}")
    return 0


def _kb_check(args: argparse.Namespace) -> int:
    from nlu.knowledge import KnowledgeBase

    try:
        kb = KnowledgeBase.load(args.dir)
    except NluError as exc:
        print(f"知识库有误：{exc}", file=sys.stderr)
        return 2
    print(
        json.dumps({"entries": len(kb.entries), "domains": kb.domain_counts()}, ensure_ascii=False)
    )
    return 0
