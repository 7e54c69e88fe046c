# One role, for the host that runs Airflow and the pipeline. Least privilege:
#   - bronze/: read, write, list; never delete (append-only; the bucket policy also refuses
#     unconditional overwrites).
#   - silver/, gold/: read, write, delete, list (old Parquet versions are pruned).
#   - _state/, quality/, quarantine/: read, write, list (cursors, check reports, bad rows).
#   - SSM: read this environment's parameters only; Session Manager's channel actions.
# The app has no AWS permissions at all: it runs on the same host in a Docker bridge network, and
# IMDSv2 with a hop limit of 1 (ec2.tf) keeps bridge-networked containers from reaching the
# instance's credentials. Only the host-network containers (Airflow and its tasks) use this role.

data "aws_iam_policy_document" "ec2_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "host" {
  name               = "${local.name}-host"
  description        = "fin-platform host: Airflow + pipeline (lake read/write, its SSM parameters, Session Manager)"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
}

resource "aws_iam_instance_profile" "host" {
  name = "${local.name}-host"
  role = aws_iam_role.host.name
}

data "aws_iam_policy_document" "pipeline_lake" {
  # Prefixes are spelled out (no for-expressions) so a reviewer, and infra/test, can read them.
  statement {
    sid       = "ListLakePrefixes"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.lake.arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["bronze/*", "silver/*", "gold/*", "_state/*", "quality/*", "quarantine/*"]
    }
  }

  statement {
    sid     = "ReadWriteAppendOnlyPrefixes"
    actions = ["s3:GetObject", "s3:PutObject"]
    resources = [
      "${aws_s3_bucket.lake.arn}/bronze/*",
      "${aws_s3_bucket.lake.arn}/_state/*",
      "${aws_s3_bucket.lake.arn}/quality/*",
      "${aws_s3_bucket.lake.arn}/quarantine/*",
    ]
  }

  statement {
    sid     = "ReadWriteDeleteLayers"
    actions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = [
      "${aws_s3_bucket.lake.arn}/silver/*",
      "${aws_s3_bucket.lake.arn}/gold/*",
    ]
  }
}

resource "aws_iam_role_policy" "pipeline_lake" {
  name   = "lake"
  role   = aws_iam_role.host.id
  policy = data.aws_iam_policy_document.pipeline_lake.json
}

data "aws_iam_policy_document" "host_parameters" {
  statement {
    sid       = "ReadThisEnvironmentsParameters"
    actions   = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"]
    resources = ["arn:${local.partition}:ssm:${var.region}:${local.account_id}:parameter${local.ssm_prefix}/*"]
  }
}

resource "aws_iam_role_policy" "host_parameters" {
  name   = "parameters"
  role   = aws_iam_role.host.id
  policy = data.aws_iam_policy_document.host_parameters.json
}

# Session Manager without AmazonSSMManagedInstanceCore: that managed policy also grants
# ssm:GetParameter(s) on every parameter in the account, which would undo the scoping above.
data "aws_iam_policy_document" "session_manager" {
  statement {
    sid = "SessionManagerChannel"
    actions = [
      "ssm:UpdateInstanceInformation",
      "ssmmessages:CreateControlChannel",
      "ssmmessages:CreateDataChannel",
      "ssmmessages:OpenControlChannel",
      "ssmmessages:OpenDataChannel",
    ]
    # These actions do not support resource-level permissions.
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "session_manager" {
  name   = "session-manager"
  role   = aws_iam_role.host.id
  policy = data.aws_iam_policy_document.session_manager.json
}
