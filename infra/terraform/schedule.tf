# Optional daily window (var.active_hours): EventBridge Scheduler (free at this volume) stops the
# host and the database at night and starts them in the morning. A stopped instance pays neither
# its hours nor its public IPv4; storage is still billed. Airflow catches up a run missed while down.

locals {
  active_hours_actions = var.active_hours.enabled ? {
    start-host = { cron = var.active_hours.start_cron, target = "ec2:startInstances", input = { InstanceIds = [aws_instance.host.id] } }
    stop-host  = { cron = var.active_hours.stop_cron, target = "ec2:stopInstances", input = { InstanceIds = [aws_instance.host.id] } }
    start-db   = { cron = var.active_hours.start_cron, target = "rds:startDBInstance", input = { DbInstanceIdentifier = aws_db_instance.main.identifier } }
    stop-db    = { cron = var.active_hours.stop_cron, target = "rds:stopDBInstance", input = { DbInstanceIdentifier = aws_db_instance.main.identifier } }
  } : {}
}

data "aws_iam_policy_document" "scheduler_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "scheduler" {
  count              = var.active_hours.enabled ? 1 : 0
  name               = "${local.name}-scheduler"
  description        = "EventBridge Scheduler: start and stop the fin-platform host and database"
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume.json
}

data "aws_iam_policy_document" "scheduler_start_stop" {
  statement {
    sid       = "StartStopHost"
    actions   = ["ec2:StartInstances", "ec2:StopInstances"]
    resources = [aws_instance.host.arn]
  }

  statement {
    sid       = "StartStopDatabase"
    actions   = ["rds:StartDBInstance", "rds:StopDBInstance"]
    resources = [aws_db_instance.main.arn]
  }
}

resource "aws_iam_role_policy" "scheduler_start_stop" {
  count  = var.active_hours.enabled ? 1 : 0
  name   = "start-stop"
  role   = aws_iam_role.scheduler[0].id
  policy = data.aws_iam_policy_document.scheduler_start_stop.json
}

resource "aws_scheduler_schedule" "active_hours" {
  for_each = local.active_hours_actions

  name                         = "${local.name}-${each.key}"
  schedule_expression          = each.value.cron
  schedule_expression_timezone = var.active_hours.timezone

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = "arn:aws:scheduler:::aws-sdk:${each.value.target}"
    role_arn = aws_iam_role.scheduler[0].arn
    input    = jsonencode(each.value.input)
  }
}
