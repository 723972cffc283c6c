"""Variants of the learner in 5-fold CV on ../shared/data/appeals-dev.csv (issue 11: toward
macro-F1 0.92), on the same folds as bench/nlu_cv.py (StratifiedKFold, shuffle, seed 0).

Every variant reads the same tokens (character n-grams and jieba words of the normalized
text, as :mod:`nlu.features`), TF-IDF fitted on the training folds only:

* ``svm``: char 1-2 + words, linear SVM C=2 (the engine's classifier);
* ``svm_bal``: the same with balanced class weights;
* ``svm_c13``: char 1-3 + words;
* ``svm_title``: plus a third block of the first ``TITLE_CHARS`` characters (the title);
* ``lr``: multinomial logistic regression (calibrated by construction);
* ``svm_l2``: plus the shipped model's second-level probabilities as features (the model
  trained on config/nlu only, which never saw a dev row: a second-level-aware learner);
* ``ens``: the SVM's softmax mixed with the shipped model's family scores;
* ``svm_c14``: char 1-4 + words (sublinear tf, as every block);
* ``svm_csearch``: balanced class weights, C chosen among ``C_GRID`` by an inner 3-fold
  macro-F1 on the training folds only;
* ``title_ens_bal``: the title block, balanced weights and the shipped prior (×0.35);
* ``nbsvm``: NB-SVM (Wang and Manning 2012): binary features scaled by each class's
  log-count ratio, one linear SVM per class (one-vs-rest);
* ``svm_cnb``: the SVM's softmax averaged with complement naive Bayes probabilities (a
  second view of the same tokens).

Run: PYTHONPATH=. OMP_NUM_THREADS=1 .venv/bin/python bench/nlu_cv_variants.py [--only a,b]
The data is read at run time (HOTLINE_SHARED_DIR or ../shared); no row is copied.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.naive_bayes import ComplementNB
from sklearn.svm import LinearSVC

from nlu.data import read_labelled_csv
from nlu.evaluate import macro_f1
from nlu.features import char_grams, words
from nlu.linear import fit_temperature, softmax
from nlu.normalize import normalize
from nlu.resources import shared_dir

MAX_CHARS = 1500
TITLE_CHARS = 40
C_GRID = (0.5, 1.0, 2.0, 4.0)


def _ident(x: list[str]) -> list[str]:
    return x


def _block(train: list[list[str]], test: list[list[str]]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    vec = TfidfVectorizer(analyzer=_ident, sublinear_tf=True, lowercase=False)
    return vec.fit_transform(train), vec.transform(test)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--only", default="", help="comma-separated variant names")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    texts, labels = read_labelled_csv(Path(shared_dir()) / "data" / "appeals-dev.csv")
    y = np.array(labels)
    norm = [normalize(t, max_chars=MAX_CHARS) for t in texts]
    c2 = [char_grams(t, 2) for t in norm]
    c3 = [char_grams(t, 3) for t in norm]
    c4 = [char_grams(t, 4) for t in norm]
    wd = [words(t) for t in norm]
    title = [["t:" + g for g in char_grams(t[:TITLE_CHARS], 2)] for t in norm]
    shipped_l2, shipped_fam, fam_classes = _shipped(texts)
    classes = sorted(set(labels))
    fam_idx = [fam_classes.index(c) for c in classes]
    folds = list(StratifiedKFold(args.folds, shuffle=True, random_state=0).split(norm, y))

    def blocks(
        parts: list[list[list[str]]], tr: np.ndarray, te: np.ndarray
    ) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        xs = [_block([p[i] for i in tr], [p[i] for i in te]) for p in parts]
        return sp.hstack([a for a, _ in xs]).tocsr(), sp.hstack([b for _, b in xs]).tocsr()

    def svm_scores(
        xtr: sp.csr_matrix, ytr: np.ndarray, xte: sp.csr_matrix, **kw: object
    ) -> np.ndarray:
        m = LinearSVC(C=2.0, dual="auto", max_iter=5000, **kw)
        m.fit(xtr, ytr)
        return np.asarray(m.decision_function(xte))

    def run(name: str, fn: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> None:
        if args.only and name not in args.only.split(","):
            return
        t0 = time.perf_counter()
        pred = np.empty(len(y), dtype=object)
        for tr, te in folds:
            scores = fn(tr, te)
            pred[te] = [classes[int(i)] for i in scores.argmax(axis=1)]
        acc = float((pred == y).mean())
        f1 = macro_f1(labels, [str(p) for p in pred])
        print(
            json.dumps(
                {
                    "variant": name,
                    "accuracy": round(acc, 4),
                    "macro_f1": round(f1, 4),
                    "seconds": round(time.perf_counter() - t0, 1),
                },
                ensure_ascii=False,
            ),
            flush=True,
        )

    def v_svm(tr: np.ndarray, te: np.ndarray) -> np.ndarray:
        xtr, xte = blocks([c2, wd], tr, te)
        return svm_scores(xtr, y[tr], xte)

    def v_bal(tr: np.ndarray, te: np.ndarray) -> np.ndarray:
        xtr, xte = blocks([c2, wd], tr, te)
        return svm_scores(xtr, y[tr], xte, class_weight="balanced")

    def v_c13(tr: np.ndarray, te: np.ndarray) -> np.ndarray:
        xtr, xte = blocks([c3, wd], tr, te)
        return svm_scores(xtr, y[tr], xte)

    def v_title(tr: np.ndarray, te: np.ndarray) -> np.ndarray:
        xtr, xte = blocks([c2, wd, title], tr, te)
        return svm_scores(xtr, y[tr], xte)

    def v_lr(tr: np.ndarray, te: np.ndarray) -> np.ndarray:
        xtr, xte = blocks([c2, wd], tr, te)
        m = LogisticRegression(C=30.0, max_iter=2000)
        m.fit(xtr, y[tr])
        return np.asarray(m.predict_log_proba(xte))

    def with_l2(weight: float) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
        def v(tr: np.ndarray, te: np.ndarray) -> np.ndarray:
            xtr, xte = blocks([c2, wd], tr, te)
            extra = sp.csr_matrix(shipped_l2 * weight)
            return svm_scores(
                sp.hstack((xtr, extra[tr])).tocsr(), y[tr], sp.hstack((xte, extra[te])).tocsr()
            )

        return v

    def v_c14(tr: np.ndarray, te: np.ndarray) -> np.ndarray:
        xtr, xte = blocks([c4, wd], tr, te)
        return svm_scores(xtr, y[tr], xte)

    def v_csearch(tr: np.ndarray, te: np.ndarray) -> np.ndarray:
        xtr, xte = blocks([c2, wd], tr, te)
        best_c, best_f1 = C_GRID[0], -1.0
        inner = list(StratifiedKFold(3, shuffle=True, random_state=0).split(xtr, y[tr]))
        for c in C_GRID:
            guess = np.empty(len(tr), dtype=object)
            for a, b in inner:
                part = LinearSVC(C=c, dual="auto", max_iter=5000, class_weight="balanced")
                guess[b] = part.fit(xtr[a], y[tr][a]).predict(xtr[b])
            f1 = macro_f1([str(t) for t in y[tr]], [str(g) for g in guess])
            if f1 > best_f1:
                best_c, best_f1 = c, f1
        m = LinearSVC(C=best_c, dual="auto", max_iter=5000, class_weight="balanced")
        return np.asarray(m.fit(xtr, y[tr]).decision_function(xte))

    def v_nbsvm(tr: np.ndarray, te: np.ndarray) -> np.ndarray:
        xtr, xte = blocks([c2, wd], tr, te)
        btr, bte = (xtr > 0).astype(np.float64), (xte > 0).astype(np.float64)
        out = np.zeros((len(te), len(classes)))
        for j, c in enumerate(classes):
            pos = y[tr] == c
            p = np.asarray(btr[pos].sum(axis=0)).ravel() + 1.0
            q = np.asarray(btr[~pos].sum(axis=0)).ravel() + 1.0
            r = np.log((p / p.sum()) / (q / q.sum()))
            m = LinearSVC(C=0.5, dual="auto", max_iter=5000)
            m.fit(btr.multiply(r).tocsr(), pos)
            out[:, j] = m.decision_function(bte.multiply(r).tocsr())
        return out

    def v_svm_cnb(tr: np.ndarray, te: np.ndarray) -> np.ndarray:
        xtr, xte = blocks([c2, wd], tr, te)
        m = LinearSVC(C=2.0, dual="auto", max_iter=5000).fit(xtr, y[tr])
        inner = np.zeros((len(tr), len(classes)))
        for a, b in StratifiedKFold(3, shuffle=True, random_state=0).split(xtr, y[tr]):
            part = LinearSVC(C=2.0, dual="auto", max_iter=5000)
            inner[b] = part.fit(xtr[a], y[tr][a]).decision_function(xtr[b])
        p = softmax(np.asarray(m.decision_function(xte)), fit_temperature(inner, y[tr], classes))
        nb = ComplementNB(alpha=0.3).fit(xtr, y[tr])
        return np.asarray(0.7 * p + 0.3 * nb.predict_proba(xte))

    def ens(
        alpha: float, with_title: bool = False, balanced: bool = False
    ) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
        cw = "balanced" if balanced else None

        def v(tr: np.ndarray, te: np.ndarray) -> np.ndarray:
            xtr, xte = blocks([c2, wd, title] if with_title else [c2, wd], tr, te)
            m = LinearSVC(C=2.0, dual="auto", max_iter=5000, class_weight=cw).fit(xtr, y[tr])
            # temperature from the training folds' own 3-fold margins
            inner = np.zeros((len(tr), len(classes)))
            for a, b in StratifiedKFold(3, shuffle=True, random_state=0).split(xtr, y[tr]):
                part = LinearSVC(C=2.0, dual="auto", max_iter=5000, class_weight=cw)
                inner[b] = part.fit(xtr[a], y[tr][a]).decision_function(xtr[b])
            t = fit_temperature(inner, y[tr], classes)
            p = softmax(np.asarray(m.decision_function(xte)), t)
            return np.asarray((1 - alpha) * p + alpha * shipped_fam[te][:, fam_idx])

        return v

    run("svm", v_svm)
    run("svm_bal", v_bal)
    run("svm_c13", v_c13)
    run("svm_title", v_title)
    run("lr", v_lr)
    for w in (0.5, 1.0, 2.0):
        run(f"svm_l2_w{w}", with_l2(w))
    for a in (0.2, 0.35, 0.5):
        run(f"ens_{a}", ens(a))
    for a in (0.2, 0.35):
        run(f"title_ens_{a}", ens(a, with_title=True))
    run("svm_c14", v_c14)
    run("svm_csearch", v_csearch)
    run("title_ens_bal", ens(0.35, with_title=True, balanced=True))
    run("nbsvm", v_nbsvm)
    run("svm_cnb", v_svm_cnb)


def _shipped(texts: list[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The shipped model's category-head probabilities and family scores per text."""
    from nlu.engine import EmbeddedEngine
    from nlu.normalize import strip_emoticons
    from nlu.training import ANALYSIS_CHARS

    engine = EmbeddedEngine.train()
    model = engine.model
    fams = sorted({c.split("/")[0] for c in model.heads["category"].classes})
    l2 = np.zeros((len(texts), len(model.heads["category"].classes)), dtype=np.float32)
    fam = np.zeros((len(texts), len(fams)))
    for i, text in enumerate(texts):
        norm = strip_emoticons(normalize(text))
        margins = model.margins(norm[:ANALYSIS_CHARS])
        l2[i] = model.probs(margins, "category")
        scores = engine.level1_scores(text)
        fam[i] = [scores.get(f, 0.0) for f in fams]
    return l2, fam, fams


if __name__ == "__main__":
    main()
