# Reference for keel's Kaplan-Meier (src/analytics/survival.cc), computed by R's survival package.
# Usage: Rscript km.R INPUT.csv OUTPUT.txt
# INPUT: a header "case,time_ms,status", then one row per interval: its length in whole
# milliseconds and 1 (it ended with the next event) or 0 (still open: right-censored).
# OUTPUT, per case: "case NAME", then one "point time n.risk n.event n.censor surv std.err lower
# upper" per distinct time (survfit's defaults: conf.type = "log", conf.int = 0.95), then
# "median median lcl ucl" as print(fit) shows them (summary(fit)$table), then "at t surv lower upper"
# from summary(fit, times = c(1, 7, 14, 30)). Numbers as %.17g, NA where R has none.
# timefix = FALSE: keel compares times exactly (to the millisecond), so R must not merge times
# that differ by less than its default relative tolerance of 1.5e-8.
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(survival))
data <- read.csv(args[1], colClasses = c("character", "numeric", "integer"))
out <- file(args[2], "w")
fmt <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
for (name in unique(data$case)) {
  rows <- data[data$case == name, ]
  time <- rows$time_ms / 86400000
  fit <- survfit(Surv(time, rows$status) ~ 1, timefix = FALSE)
  writeLines(paste("case", name), out)
  for (i in seq_along(fit$time)) {
    writeLines(paste("point", fmt(fit$time[i]), fit$n.risk[i], fit$n.event[i], fit$n.censor[i], fmt(fit$surv[i]),
                     fmt(fit$std.err[i]), fmt(fit$lower[i]), fmt(fit$upper[i])), out)
  }
  table <- summary(fit)$table
  writeLines(paste("median", fmt(table["median"]), fmt(table["0.95LCL"]), fmt(table["0.95UCL"])), out)
  times <- c(1, 7, 14, 30)
  times <- times[times <= max(fit$time)]
  if (length(times) > 0) {
    at <- summary(fit, times = times)
    for (i in seq_along(at$time)) {
      writeLines(paste("at", fmt(at$time[i]), fmt(at$surv[i]), fmt(at$lower[i]), fmt(at$upper[i])), out)
    }
  }
}
close(out)
