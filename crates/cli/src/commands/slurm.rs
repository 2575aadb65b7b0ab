//! `faultline slurm`: a sharded command as a Slurm job array, and a merge job that
//! waits for it (`--dependency=afterok`). The scripts are plain `sbatch` files a
//! user can read and adapt (docs/scale-out.md).

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use anyhow::{Context, bail};
use clap::Args;

use crate::ExitStatus;

#[derive(Debug, Clone, Args)]
#[command(after_help = "Example: faultline slurm --shards 8 --out result.json --submit -- forecast --runs 400000 --format json\n\
Writes DIR/array.sbatch (one task per shard, each writing DIR/parts/part-I.json), DIR/merge.sbatch (faultline merge \
into --out) and DIR/resubmit.sh (resubmits only the shards whose part is missing, then the merge).")]
pub struct SlurmArgs {
    /// Number of shards (array tasks), 1–100,000.
    #[arg(long, value_parser = crate::common::whole_number::<u32>(1, 100_000))]
    pub shards: u32,
    /// Where the merged result goes (the merge job writes it).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Folder for the scripts, the parts and the logs (default: faultline-slurm-COMMAND).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Slurm partition (sbatch --partition); the cluster's default when absent.
    #[arg(long)]
    pub partition: Option<String>,
    /// Time limit of each task (sbatch --time), e.g. 00:30:00.
    #[arg(long, default_value = "01:00:00")]
    pub time: String,
    /// Memory of each task (sbatch --mem), e.g. 2G.
    #[arg(long, default_value = "2G")]
    pub mem: String,
    /// CPUs of each task (sbatch --cpus-per-task); the task runs with as many threads.
    #[arg(long, default_value_t = 1, value_parser = crate::common::whole_number::<u32>(1, 1024))]
    pub cpus: u32,
    /// At most this many tasks run at once (the array's %K throttle); no limit when absent.
    #[arg(long, value_parser = crate::common::whole_number::<u32>(1, 100_000))]
    pub parallel: Option<u32>,
    /// Submit the array and the merge job with sbatch, and print their job ids.
    #[arg(long)]
    pub submit: bool,
    /// The command to shard and its arguments, after `--` (forecast, sensitivity, compare, backtest, claims or evaluate).
    #[arg(last = true, required = true, value_name = "COMMAND")]
    pub command: Vec<String>,
}

/// Quotes a word for a POSIX shell.
fn sh(word: &str) -> String {
    if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:,@%+".contains(c)) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

fn absolute(p: &Path) -> anyhow::Result<PathBuf> {
    Ok(if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir()?.join(p) })
}

pub fn slurm(args: SlurmArgs) -> anyhow::Result<ExitStatus> {
    let name = args.command[0].clone();
    if !super::shard::SHARDABLE.contains(&name.as_str()) {
        bail!("`{name}` cannot be sharded; `faultline slurm` runs {} (docs/scale-out.md)", super::shard::SHARDABLE.join(", "));
    }
    if args.command.iter().any(|a| a == "--shard" || a.starts_with("--shard=") || a == "--out" || a.starts_with("--out=")) {
        bail!("give --shard and --out to `faultline slurm`, not to the command: it sets them per task");
    }
    // The command must parse as it will on the cluster, and a shard of it must be valid.
    crate::parse_recorded(&args.command).with_context(|| format!("the command `{}` does not parse", args.command.join(" ")))?;
    let exe = std::env::current_exe().context("finding the faultline executable")?;
    let dir = absolute(&args.dir.clone().unwrap_or_else(|| PathBuf::from(format!("faultline-slurm-{name}"))))?;
    let out = absolute(&args.out)?;
    for sub in ["parts", "logs"] {
        std::fs::create_dir_all(dir.join(sub)).with_context(|| format!("{}: cannot create the folder", dir.join(sub).display()))?;
    }
    let n = args.shards;
    let command: String = args.command.iter().map(|a| sh(a)).collect::<Vec<_>>().join(" ");
    let throttle = args.parallel.map(|k| format!("%{k}")).unwrap_or_default();
    let partition = args.partition.as_ref().map(|p| format!("#SBATCH --partition={p}\n")).unwrap_or_default();
    let (d, x) = (sh(&dir.display().to_string()), sh(&exe.display().to_string()));
    let array = format!(
        "#!/bin/bash\n\
         # One Slurm array task per shard of `faultline {command}`.\n\
         # Task I runs shard I of {n} and writes parts/part-I.json (atomically: a task that dies\n\
         # leaves no part). Written by `faultline slurm`; edit the #SBATCH lines for your site.\n\
         #SBATCH --job-name=faultline-{name}\n\
         #SBATCH --array=1-{n}{throttle}\n\
         #SBATCH --ntasks=1\n\
         #SBATCH --cpus-per-task={cpus}\n\
         #SBATCH --mem={mem}\n\
         #SBATCH --time={time}\n\
         {partition}\
         #SBATCH --output={dl}/logs/shard-%a.log\n\
         set -euo pipefail\n\
         I=\"${{SLURM_ARRAY_TASK_ID:?run this script with sbatch}}\"\n\
         exec {x} {command} --shard \"$I/{n}\" --threads {cpus} --out {d}/parts/part-\"$I\".json\n",
        cpus = args.cpus,
        mem = args.mem,
        time = args.time,
        dl = dir.display(),
    );
    let parts: String = (1..=n).map(|i| format!("part-{i}.json")).collect::<Vec<_>>().join(" ");
    let parts = if n <= 64 { parts } else { format!("$(seq -f 'part-%g.json' 1 {n})") };
    let merge = format!(
        "#!/bin/bash\n\
         # Merges the {n} parts of `faultline {command}` into {o}; submitted with\n\
         # --dependency=afterok on the array, so it runs once every shard has succeeded.\n\
         #SBATCH --job-name=faultline-{name}-merge\n\
         #SBATCH --ntasks=1\n\
         #SBATCH --cpus-per-task=1\n\
         #SBATCH --mem={mem}\n\
         #SBATCH --time={time}\n\
         {partition}\
         #SBATCH --output={dl}/logs/merge.log\n\
         set -euo pipefail\n\
         cd {d}/parts\n\
         exec {x} merge {parts} --out {os}\n",
        o = out.display(),
        os = sh(&out.display().to_string()),
        mem = args.mem,
        time = args.time,
        dl = dir.display(),
    );
    let resubmit = format!(
        "#!/bin/bash\n\
         # Resubmits only the shards whose part is missing (a failed or cancelled task), and a\n\
         # new merge job that waits for them; cancels the old merge job if it is still queued.\n\
         # Prints the new array's job id and the merge's.\n\
         set -euo pipefail\n\
         cd {d}\n\
         missing=()\n\
         for i in $(seq 1 {n}); do [ -s parts/part-$i.json ] || missing+=(\"$i\"); done\n\
         if [ -f merge.jobid ]; then scancel \"$(cat merge.jobid)\" 2>/dev/null || true; fi\n\
         if [ ${{#missing[@]}} -eq 0 ]; then\n\
         \x20   echo \"every part is there; merging\" >&2\n\
         \x20   sbatch --parsable merge.sbatch | tee merge.jobid\n\
         \x20   exit 0\n\
         fi\n\
         list=\"$(IFS=,; echo \"${{missing[*]}}\")\"\n\
         echo \"resubmitting shards $list\" >&2\n\
         array=\"$(sbatch --parsable --array=\"$list\" array.sbatch)\"\n\
         echo \"$array\" | tee array.jobid\n\
         sbatch --parsable --dependency=afterok:\"$array\" merge.sbatch | tee merge.jobid\n"
    );
    write_script(&dir.join("array.sbatch"), &array)?;
    write_script(&dir.join("merge.sbatch"), &merge)?;
    write_script(&dir.join("resubmit.sh"), &resubmit)?;
    println!("wrote {}/array.sbatch ({n} tasks), merge.sbatch and resubmit.sh", dir.display());
    if !args.submit {
        println!("submit with: cd {} && merge=$(sbatch --parsable --dependency=afterok:$(sbatch --parsable array.sbatch) merge.sbatch)", dir.display());
        println!("the result will be {}", out.display());
        return Ok(ExitStatus::Success);
    }
    let array_id = sbatch(&dir, &["array.sbatch"])?;
    std::fs::write(dir.join("array.jobid"), format!("{array_id}\n"))?;
    let merge_id = sbatch(&dir, &[&format!("--dependency=afterok:{array_id}"), "merge.sbatch"])?;
    std::fs::write(dir.join("merge.jobid"), format!("{merge_id}\n"))?;
    println!("array job {array_id} ({n} tasks), merge job {merge_id}");
    println!("the result will be {} (logs in {}/logs; if a shard fails, run {}/resubmit.sh)", out.display(), dir.display(), dir.display());
    Ok(ExitStatus::Success)
}

fn write_script(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("{}: cannot write", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(())
}

/// Runs `sbatch --parsable ARGS` in `dir` and returns the job id.
fn sbatch(dir: &Path, args: &[&str]) -> anyhow::Result<String> {
    let out = Process::new("sbatch")
        .arg("--parsable")
        .args(args)
        .current_dir(dir)
        .output()
        .context("running sbatch (is Slurm installed and on PATH?)")?;
    if !out.status.success() {
        bail!("sbatch {} failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim());
    }
    let id = String::from_utf8_lossy(&out.stdout).trim().split(';').next().unwrap_or("").to_string();
    if id.is_empty() {
        bail!("sbatch {} printed no job id", args.join(" "));
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::sh;

    #[test]
    fn words_are_quoted_for_the_shell() {
        assert_eq!(sh("--runs"), "--runs");
        assert_eq!(sh("a b"), "'a b'");
        assert_eq!(sh("it's"), r"'it'\''s'");
        assert_eq!(sh(""), "''");
    }
}
