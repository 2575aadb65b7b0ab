#!/usr/bin/env bash
# The resource figures of docs/scale-out.md: a 400,000-run forecast in one process
# against 8 shards on the local Slurm cluster (submission to merged result), the merge
# on its own, and the merge of 1,000 partial files of a Sobol run. Three rounds each;
# quote the medians. Needs a running cluster (scripts/slurm-local.sh start DIR) and
# SLURM_CONF pointing at it.
set -euo pipefail
F="$(cd "$(dirname "$0")/.." && pwd)/target/release/faultline"
work="$(mktemp -d)"
cd "$work"
for k in 1 2 3; do /usr/bin/time -f "one process: %e s" "$F" forecast --runs 400000 --format json --out single.json; done
for k in 1 2 3; do
    rm -rf job res.json
    s=$(date +%s.%N)
    "$F" slurm --shards 8 --dir job --out res.json --cpus 1 --submit -- forecast --runs 400000 --format json >/dev/null
    while [ ! -f res.json ]; do sleep 0.2; done
    echo "8 shards on slurm, submit to result: $(echo "$(date +%s.%N) - $s" | bc) s"
    cmp res.json single.json
done
for k in 1 2 3; do /usr/bin/time -f "merge of 8 forecast parts: %e s" "$F" merge job/parts/part-{1..8}.json --out m.json; done
A=(sensitivity --method sobol --outcome attacks_pakistan --params state.iran.fear_of_war,group.baloch_separatists.branching,group.jaish_al_adl.branching --samples 1024 --replicates 2 --days 20 --format json)
mkdir -p sob
seq 1 1000 | xargs -P "$(nproc)" -I{} "$F" "${A[@]}" --threads 1 --shard {}/1000 --out sob/p{}.json 2>/dev/null
"$F" "${A[@]}" --out sob-full.json 2>/dev/null
for k in 1 2 3; do /usr/bin/time -f "merge of 1,000 Sobol parts: %e s" "$F" merge sob/p*.json --out sob-merged.json; done
cmp sob-full.json sob-merged.json
rm -rf "$work"
