# RDS Postgres for gold and the app's own schema. Single-AZ db.t4g.micro: the batch reloads gold
# from the lake, so the database is rebuildable; backups cover the app's users and portfolios.

resource "aws_db_subnet_group" "main" {
  name        = local.name
  description = "Private subnets (no route out) for ${local.name}"
  subnet_ids  = aws_subnet.private[*].id
}

resource "aws_db_parameter_group" "postgres" {
  name_prefix = "${local.name}-pg${var.db_engine_version}-"
  family      = "postgres${var.db_engine_version}"
  description = "fin-platform: TLS only, slow-query and lock logging"

  # Refuse unencrypted connections (RDS's own default since 15; stated so a family change keeps it).
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  # Slow statements are what the logs are for; everything else stays quiet.
  parameter {
    name  = "log_min_duration_statement"
    value = tostring(var.db_log_min_duration_ms)
  }

  # Schema changes (migrations) are rare and worth a line each.
  parameter {
    name  = "log_statement"
    value = "ddl"
  }

  # A load waiting behind a reader (or the reverse) for longer than deadlock_timeout.
  parameter {
    name  = "log_lock_waits"
    value = "1"
  }

  # Sorts and hashes that spill to disk (in kB): the sign that work_mem is too small on 1 GiB.
  parameter {
    name  = "log_temp_files"
    value = "10240"
  }

  parameter {
    name  = "log_autovacuum_min_duration"
    value = "10000"
  }

  # A session that sits in an open transaction holds locks the nightly load needs.
  parameter {
    name  = "idle_in_transaction_session_timeout"
    value = "600000"
  }

  lifecycle {
    create_before_destroy = true
  }
}

# The master password lives in SSM Parameter Store (SecureString, free) rather than an
# RDS-managed Secrets Manager secret: the managed secret rotates every 7 days, which would break
# the env files the host renders at service start, and costs 0.40 USD a month. It is in the
# Terraform state too: keep the state in an encrypted backend (README).
resource "random_password" "db_master" {
  length  = 40
  special = false
}

resource "aws_db_instance" "main" {
  identifier     = local.name
  engine         = "postgres"
  engine_version = var.db_engine_version
  instance_class = var.db_instance_class

  db_name  = "finplat"
  username = "finplat_admin"
  password = random_password.db_master.result

  allocated_storage     = var.db_allocated_storage_gb
  max_allocated_storage = var.db_max_allocated_storage_gb
  storage_type          = "gp3"
  storage_encrypted     = true

  db_subnet_group_name   = aws_db_subnet_group.main.name
  vpc_security_group_ids = [aws_security_group.db.id]
  publicly_accessible    = false
  multi_az               = false
  port                   = 5432

  parameter_group_name = aws_db_parameter_group.postgres.name

  backup_retention_period    = var.db_backup_retention_days
  backup_window              = "03:00-04:00"
  maintenance_window         = "sun:04:30-sun:05:30"
  copy_tags_to_snapshot      = true
  auto_minor_version_upgrade = true

  deletion_protection       = var.db_deletion_protection
  skip_final_snapshot       = var.db_skip_final_snapshot
  final_snapshot_identifier = var.db_skip_final_snapshot ? null : "${local.name}-final"

  performance_insights_enabled = false
  monitoring_interval          = 0
}
