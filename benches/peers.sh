#!/usr/bin/env bash
# Side-by-side whole-process timings of osteomir and the reference tools on the same generated data.
#
# usage: benches/peers.sh [SIZE ...]        SIZE: m (2,600 x 1,000) or l (2,600 x 10,000); default: m
#   env: PEERS (default ../shared/peers)  DATA (default /tmp/osteomir-peers)  TIMEOUT (s, default 900)
#        OSTEOMIR_METHODS (default "zscore ssgsea plage gsva singscore mean"; those the binary lacks are skipped)
#        PEER_METHODS (default: every peer whose method osteomir also has)
#        OSTEOMIR_BIN (a release binary to time instead of building one)
# Needs the peers installed (bash ../shared/peers/setup.sh). Writes benches/results/<size>.tsv (one
# row per run: tool, method, wall s, peak MiB, exit) and regenerates benches/RESULTS.md from all of them.
# Every command is timed once with /usr/bin/time -v, osteomir and peers alternating in one run, so the
# ratios compare like with like on a shared, noisy machine.
set -uo pipefail
cd "$(dirname "$0")/.."
PEERS="${PEERS:-../shared/peers}"; DATA="${DATA:-/tmp/osteomir-peers}"; TIMEOUT="${TIMEOUT:-900}"
SIZES="${*:-m}"
OSTEOMIR_METHODS="${OSTEOMIR_METHODS:-zscore ssgsea plage gsva singscore mean}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/osteomir/target}"
if [ -n "${OSTEOMIR_BIN:-}" ]; then
  BIN="$OSTEOMIR_BIN"
else
  cargo build --release --locked --quiet || exit 1
  BIN="$CARGO_TARGET_DIR/release/osteomir"
fi
mkdir -p benches/results "$DATA"

timed() { # label tool method -- command...
  local size="$1" tool="$2" method="$3"; shift 4
  local rep; rep="$(mktemp)"
  /usr/bin/time -v -o "$rep" timeout "$TIMEOUT" "$@" >/dev/null 2>"$rep.err"
  local rc=$?
  local wall peak
  wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$rep")"
  peak="$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$rep")"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$tool" "$method" "$wall" "$peak" "$rc" | tee -a "benches/results/$size.tsv"
  rm -f "$rep" "$rep.err"
}

for size in $SIZES; do
  case "$size" in
    m) dims="2600 1000" ;;
    l) dims="2600 10000" ;;
    *) echo "unknown size $size" >&2; exit 2 ;;
  esac
  d="$DATA/$size"
  [ -f "$d/matrix.tsv" ] || "$PEERS/gen.py" $dims "$d" >&2
  printf 'size\ttool\tmethod\twall_s\tpeak_mib\texit\n' > "benches/results/$size.tsv"
  for m in $OSTEOMIR_METHODS; do
    "$BIN" score --help | grep -q "$m" || continue
    timed "$size" osteomir "$m" -- "$BIN" score "$d/matrix.tsv" --signature "$d/sets.gmt" --method "$m" \
      --input-kind log --id-mode exact --quiet -o "$DATA/$size.osteomir.$m.tsv"
  done
  if "$BIN" --help | grep -q " de "; then
    timed "$size" osteomir de -- "$BIN" de "$d/matrix.tsv" --samples "$d/groups.tsv" --group group \
      --case case --control control --input-kind log --tests limma,welch,mwu --quiet -o "$DATA/$size.osteomir.de.tsv"
  fi
  for pm in ${PEER_METHODS:-gsva.zscore gsva.plage gsva.ssgsea gseapy.ssgsea gsva.gsva gseapy.gsva decoupler.gsva stats.R stats.py}; do
    tool="${pm%%.*}"; m="${pm#*.}"
    case "$tool" in
      gsva) cmd=("$PEERS/run_gsva.R" "$d/matrix.tsv" "$d/sets.gmt" "$m" "$DATA/$size.$pm.tsv") ;;
      gseapy) cmd=("$PEERS/run_gseapy.py" "$d/matrix.tsv" "$d/sets.gmt" "$m" "$DATA/$size.$pm.tsv") ;;
      decoupler) cmd=("$PEERS/run_decoupler.py" "$d/matrix.tsv" "$d/sets.gmt" "$m" "$DATA/$size.$pm.tsv") ;;
      stats) cmd=("$PEERS/run_stats.$m" "$d/matrix.tsv" "$d/groups.tsv" "$DATA/$size.$pm.tsv"); m="de" ; tool="$pm" ;;
    esac
    timed "$size" "$tool" "$m" -- "${cmd[@]}"
  done
done
python3 benches/peers_table.py benches/results/*.tsv > benches/RESULTS.md
cat benches/RESULTS.md
