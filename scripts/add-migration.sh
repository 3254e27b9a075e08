#!/usr/bin/env bash
# Adds an EF Core migration for both providers from the current model:
#   scripts/add-migration.sh <Name>
# SQLite (WorkDbContext) goes to Data/Migrations, PostgreSQL (PostgresWorkDbContext) to
# Data/Migrations/Postgres. Neither needs a running database. To undo before committing, delete the
# new files and `git checkout` the two snapshots (`ef migrations remove` wants a live server on PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: scripts/add-migration.sh <MigrationName>}"
dotnet tool restore >/dev/null
common=(--project WorkPipelines.Domain --startup-project WorkPipelines.Domain)
dotnet ef migrations add "$name" --context WorkDbContext --output-dir Data/Migrations "${common[@]}"
dotnet ef migrations add "$name" --context PostgresWorkDbContext --output-dir Data/Migrations/Postgres --namespace WorkPipelines.Domain.Data.Migrations.Postgres "${common[@]}"
# A first snapshot lands in a folder named after the namespace; keep it beside its migrations (later runs find it there).
if [ -d WorkPipelines.Domain/WorkPipelines ]; then
  mv WorkPipelines.Domain/WorkPipelines/Domain/Data/Migrations/Postgres/*Snapshot.cs WorkPipelines.Domain/Data/Migrations/Postgres/ && rm -rf WorkPipelines.Domain/WorkPipelines
fi
