# Reference for keel's trigger map grid (src/analytics/trigger_map.cc): urges and lapses by local
# weekday and hour, computed with R's own time zone conversion (as.POSIXlt with tz).
# Usage: Rscript trigger_grid.R INPUT.csv OUTPUT.txt
# INPUT: a header "case,time_ms,zone,acted", then one row per urge (Unix milliseconds, IANA zone,
# 1 when it ended in acting). OUTPUT: "cell case weekday hour urges lapses" for every cell with an
# urge, weekday 0 = Monday .. 6 = Sunday.
args <- commandArgs(trailingOnly = TRUE)
data <- read.csv(args[1], colClasses = c("character", "numeric", "character", "integer"))
weekday <- integer(nrow(data))
hour <- integer(nrow(data))
for (zone in unique(data$zone)) {
  rows <- data$zone == zone
  local <- as.POSIXlt(data$time_ms[rows] / 1000, origin = "1970-01-01", tz = zone)
  weekday[rows] <- (local$wday + 6) %% 7
  hour[rows] <- local$hour
}
out <- file(args[2], "w")
for (name in unique(data$case)) {
  rows <- data$case == name
  urges <- table(factor(weekday[rows], levels = 0:6), factor(hour[rows], levels = 0:23))
  lapses <- table(factor(weekday[rows & data$acted == 1], levels = 0:6),
                  factor(hour[rows & data$acted == 1], levels = 0:23))
  for (w in 0:6) for (h in 0:23) {
    if (urges[w + 1, h + 1] > 0) writeLines(paste("cell", name, w, h, urges[w + 1, h + 1], lapses[w + 1, h + 1]), out)
  }
}
close(out)
