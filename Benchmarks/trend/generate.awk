# Deterministic input for the trend benchmark: SERIES series of 8 points each,
# `series,t,value`, years 2016…2023 with one gap year in every fifth series,
# values with two decimals (so ties occur), a third of the series trending.
# Uses its own Park–Miller generator (products stay below 2^53, exact in
# every awk's doubles), not awk's rand(), so every awk writes the same bytes.
function next_uniform() {
    state = (state * 16807) % 2147483647
    return state / 2147483647
}
BEGIN {
    if (SERIES == "") SERIES = 1600000
    state = 42
    print "series,t,value"
    for (s = 1; s <= SERIES; s++) {
        kind = s % 3
        slope = (kind == 0) ? 0 : ((kind == 1) ? 1.5 : -1.2)
        base = 40 + 40 * next_uniform()
        gap = (s % 5 == 0) ? 1 : 0
        for (k = 0; k < 8; k++) {
            year = 2016 + k + ((gap && k >= 4) ? 1 : 0)
            noise = 4 * (next_uniform() + next_uniform() + next_uniform() - 1.5)
            printf "school-%07d/ind%d,%d,%.2f\n", s, kind, year, base + slope * k + noise
        }
    }
}
