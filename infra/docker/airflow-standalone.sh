#!/usr/bin/env bash
# Airflow standalone for the finplat DAG. Airflow never creates pools by itself, and a task whose
# pool does not exist never runs; so before starting, create every pool the DAG files name, with the
# slots the generated DAG's docstring declares ("    <pool>  <slots>  <description>"), else one slot.
set -euo pipefail
dags="${AIRFLOW__CORE__DAGS_FOLDER:-/opt/airflow/dags}"

airflow db migrate

declare -A slots=() descriptions=()
for dag in "$dags"/*.py; do
  [ -e "$dag" ] || continue
  while read -r name count description; do
    slots[$name]=$count
    descriptions[$name]=$description
  done < <(grep -E '^\s+[a-z][a-z0-9_]*\s+[0-9]+\s+\S' "$dag" | grep -E '^\s+finplat_' || true)
  for name in $(grep -oE 'pool="[A-Za-z0-9_.-]+"' "$dag" | sed -E 's/pool="(.*)"/\1/' | sort -u); do
    : "${slots[$name]:=1}"
  done
done

for name in "${!slots[@]}"; do
  airflow pools set "$name" "${slots[$name]}" "${descriptions[$name]:-finplat}"
done

exec airflow standalone
