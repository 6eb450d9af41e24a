#!/bin/bash
# A Slurm job array: 4 tasks, each runs the sharded job on its share (shard = "auto" in
# sharded.toml). Slurm sets SLURM_ARRAY_TASK_ID (1..4), SLURM_ARRAY_TASK_MIN and
# SLURM_ARRAY_TASK_COUNT; gofer turns them into shard K of N.
#   sbatch slurm-array.sh
#SBATCH --job-name=gofer-sharded
#SBATCH --array=1-4
#SBATCH --cpus-per-task=2
#SBATCH --output=gofer-%A_%a.log
set -euo pipefail
cd "$SLURM_SUBMIT_DIR"
gofer run sharded.toml
