"""Reference numbers for keel's analytics (src/analytics), computed with statsmodels and scipy.

Usage: /usr/bin/python3 stats_reference.py INPUT.json OUTPUT.json

INPUT holds lists of tasks; OUTPUT has one answer per task, in order:
  wilson:  [count, total]            -> [lower, upper]  proportion_confint(method="wilson")
  mean:    [values...]               -> {mean, lower, upper}  DescrStatsW.tconfint_mean (t interval)
  poisson: {x, y, offset|null}       -> Poisson GLM, log link: params, bse, pearson_chi2, df_resid,
                                        conf_int, and with scale="X2" (quasi-Poisson) bse_x2, conf_int_x2
  logit:   {x, y}                    -> unregularised Logit (Newton): params, bse, llf
  ridge:   {x, y, l2}                -> maximiser of loglik - l2/2 * sum(beta[1:]^2) by scipy (trust-exact)
  auc:     {scores, labels}          -> Mann-Whitney U of the positives over n1 * n0
"""
import json
import sys

import numpy as np
import statsmodels.api as sm
from scipy import optimize, stats
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.weightstats import DescrStatsW


def wilson(task):
    lower, upper = proportion_confint(task[0], task[1], alpha=0.05, method="wilson")
    return [float(lower), float(upper)]


def mean(task):
    values = np.asarray(task, dtype=float)
    described = DescrStatsW(values)
    lower, upper = described.tconfint_mean(alpha=0.05)
    return {"mean": float(described.mean), "lower": float(lower), "upper": float(upper)}


def poisson(task):
    x = np.asarray(task["x"], dtype=float)
    y = np.asarray(task["y"], dtype=float)
    offset = np.asarray(task["offset"], dtype=float) if task.get("offset") else None
    model = sm.GLM(y, x, family=sm.families.Poisson(), offset=offset)
    fit = model.fit(tol=1e-13, maxiter=200)
    quasi = model.fit(tol=1e-13, maxiter=200, scale="X2")
    return {
        "params": fit.params.tolist(),
        "bse": fit.bse.tolist(),
        "pearson_chi2": float(fit.pearson_chi2),
        "df_resid": float(fit.df_resid),
        "conf_int": fit.conf_int(alpha=0.05).tolist(),
        "bse_x2": quasi.bse.tolist(),
        "conf_int_x2": quasi.conf_int(alpha=0.05).tolist(),
    }


def logit(task):
    x = np.asarray(task["x"], dtype=float)
    y = np.asarray(task["y"], dtype=float)
    fit = sm.Logit(y, x).fit(method="newton", tol=1e-12, maxiter=200, disp=0)
    return {"params": fit.params.tolist(), "bse": fit.bse.tolist(), "llf": float(fit.llf)}


def ridge(task):
    x = np.asarray(task["x"], dtype=float)
    y = np.asarray(task["y"], dtype=float)
    l2 = float(task["l2"])
    mask = np.ones(x.shape[1])
    mask[0] = 0.0  # the intercept is not penalised

    def objective(beta):
        eta = x @ beta
        value = -(y @ eta - np.logaddexp(0.0, eta).sum()) + 0.5 * l2 * np.sum(mask * beta * beta)
        p = 1.0 / (1.0 + np.exp(-eta))
        gradient = -(x.T @ (y - p)) + l2 * mask * beta
        return value, gradient

    def hessian(beta):
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        return (x.T * (p * (1 - p))) @ x + np.diag(l2 * mask)

    result = optimize.minimize(objective, np.zeros(x.shape[1]), jac=True, hess=hessian, method="trust-exact",
                               options={"gtol": 1e-11, "maxiter": 500})
    return {"params": result.x.tolist(), "success": bool(result.success)}


def auc(task):
    scores = np.asarray(task["scores"], dtype=float)
    labels = np.asarray(task["labels"], dtype=int)
    positive, negative = scores[labels == 1], scores[labels == 0]
    u = stats.mannwhitneyu(positive, negative, alternative="two-sided").statistic
    return float(u) / (len(positive) * len(negative))


def main():
    with open(sys.argv[1], encoding="utf-8") as file:
        tasks = json.load(file)
    handlers = {"wilson": wilson, "mean": mean, "poisson": poisson, "logit": logit, "ridge": ridge, "auc": auc}
    answers = {name: [handler(task) for task in tasks.get(name, [])] for name, handler in handlers.items()}
    with open(sys.argv[2], "w", encoding="utf-8") as file:
        json.dump(answers, file)


if __name__ == "__main__":
    main()
