#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for the scale-out tests (docs/scale-out.md).
#
#   scripts/slurm-local.sh start DIR   # writes DIR/slurm.conf, starts munged, slurmctld, slurmd
#   scripts/slurm-local.sh stop DIR    # stops them
#
# Needs Debian's slurm-wlm and munge packages and root (the daemons run as root here;
# a real site runs them as the slurm user). After `start`, point Slurm's commands at the
# configuration with `export SLURM_CONF=DIR/slurm.conf`.
set -euo pipefail
cmd="${1:?start or stop}"
dir="$(mkdir -p "${2:?a folder for the cluster state}" && cd "$2" && pwd)"
export SLURM_CONF="$dir/slurm.conf"

stop() {
    for pid in "$dir/slurmd.pid" "$dir/slurmctld.pid"; do
        if [ -f "$pid" ]; then kill "$(cat "$pid")" 2>/dev/null || true; fi
    done
}

start() {
    stop
    mkdir -p "$dir/state" "$dir/spool" "$dir/log"
    host="$(hostname -s)"
    cpus="$(nproc)"
    mem_mb="$(free -m | awk '/^Mem:/ {print int($2 / 2)}')"
    cat >"$SLURM_CONF" <<CONF
ClusterName=faultline
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
MinJobAge=600
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
    # munge: a key once, then the daemon (as the munge user where it exists).
    [ -s /etc/munge/munge.key ] || mungekey --create >/dev/null 2>&1 || true
    mkdir -p /run/munge && chown munge:munge /run/munge 2>/dev/null || true
    if ! munge -n >/dev/null 2>&1; then
        runuser -u munge -- /usr/sbin/munged --force 2>/dev/null || /usr/sbin/munged --force
    fi
    munge -n | unmunge >/dev/null
    slurmctld
    slurmd
    for _ in $(seq 1 30); do
        if sinfo -h -o %t 2>/dev/null | grep -q idle; then
            echo "slurm: single-node cluster up ($SLURM_CONF)"
            exit 0
        fi
        sleep 1
    done
    echo "slurm: the node did not come up; logs in $dir/log" >&2
    exit 1
}

if [ "$cmd" = start ]; then
    start
elif [ "$cmd" = stop ]; then
    stop
else
    echo "usage: $0 start|stop DIR" >&2
    exit 2
fi
