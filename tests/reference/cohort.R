# The R side of bench/stats_bench.cc --cohort: every client's Kaplan-Meier of the gaps between
# urges and between lapses (survfit, the open gap to as-of censored) and trigger map (urges and
# lapses by local weekday x hour, and per tag), as an R user would compute them.
# Usage: Rscript cohort.R COHORT.csv ZONE AS_OF_MS
# COHORT.csv: "client,time_ms,acted,tags", sorted by client and time; tags like "c:alone;e:lonely".
# Prints "read_seconds compute_seconds checksum defined urges", the checksum being the sum of the
# defined median gaps between lapses (as summary(fit)$table gives them), in days.
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(survival))
started <- proc.time()[["elapsed"]]
data <- read.csv(args[1], colClasses = c("integer", "numeric", "integer", "character"))
zone <- args[2]
as_of <- as.numeric(args[3])
read_done <- proc.time()[["elapsed"]]

# Trigger map: the grid and the tags, counted for all clients at once.
local <- as.POSIXlt(data$time_ms / 1000, origin = "1970-01-01", tz = zone)
weekday <- factor((local$wday + 6) %% 7, levels = 0:6)
hour <- factor(local$hour, levels = 0:23)
client <- factor(data$client)
grid_urges <- table(client, weekday, hour)
acted <- data$acted == 1
grid_lapses <- table(client[acted], weekday[acted], hour[acted])
tags <- strsplit(data$tags, ";", fixed = TRUE)
per_row <- lengths(tags)
tag_client <- rep(data$client, per_row)
tag_word <- unlist(tags)
tag_acted <- rep(acted, per_row)
tag_urges <- table(tag_client, tag_word)
tag_lapses <- table(tag_client[tag_acted], tag_word[tag_acted])

# Kaplan-Meier per client, between urges and between lapses.
checksum <- 0
defined <- 0
km <- function(times) {
  gaps <- c(diff(times), as_of - times[length(times)]) / 86400000
  status <- c(rep(1, length(times) - 1), 0)
  survfit(Surv(gaps, status) ~ 1, timefix = FALSE)
}
for (rows in split(seq_len(nrow(data)), data$client)) {
  times <- data$time_ms[rows]
  between_urges <- km(times)
  lapse_times <- times[acted[rows]]
  if (length(lapse_times) > 0) {
    between_lapses <- km(lapse_times)
    median <- summary(between_lapses)$table[["median"]]
    if (!is.na(median)) {
      checksum <- checksum + median
      defined <- defined + 1
    }
  }
}
done <- proc.time()[["elapsed"]]
cat(sprintf("%.3f %.3f %.10f %d %d\n", read_done - started, done - read_done, checksum, defined, nrow(data)))
