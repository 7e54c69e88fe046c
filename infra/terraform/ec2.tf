# One Graviton host runs Airflow (standalone), the pipeline tasks it starts, and the app. A second
# instance for the app would add a t4g.micro, its root volume and a second public IPv4 (about
# 10 USD a month, COSTS.md) for a few hundred MB of RAM that the host has.

data "aws_ssm_parameter" "al2023_arm64" {
  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
}

locals {
  db_host  = aws_db_instance.main.address
  lake_url = "s3://${aws_s3_bucket.lake.bucket}"

  user_data = templatefile("${path.module}/templates/user-data.sh.tftpl", {
    region                = var.region
    ssm_prefix            = local.ssm_prefix
    db_host               = local.db_host
    lake_url              = local.lake_url
    finplat_sources       = var.finplat_sources
    source_repository_url = var.source_repository_url
    source_ref            = var.source_ref
    airflow_image         = var.airflow_image
    app_port              = var.app_port
    # Browsers keep Secure cookies on http://localhost (SSM port forwarding) but not on a plain
    # http://<public ip>; with direct ingress the refresh cookie must drop the Secure flag.
    cookie_secure = length(var.app_ingress_cidrs) > 0 ? "false" : "true"
  })
}

resource "aws_instance" "host" {
  ami                         = data.aws_ssm_parameter.al2023_arm64.value
  instance_type               = var.host_instance_type
  subnet_id                   = aws_subnet.public.id
  associate_public_ip_address = true
  vpc_security_group_ids      = [aws_security_group.airflow.id, aws_security_group.app.id]
  iam_instance_profile        = aws_iam_instance_profile.host.name

  # No key pair: shell access is SSM Session Manager only.
  key_name = null

  user_data                   = local.user_data
  user_data_replace_on_change = true

  credit_specification {
    cpu_credits = var.host_cpu_credits
  }

  # IMDSv2 only, hop limit 1: containers on Docker's bridge network (the app) cannot fetch the
  # instance's credentials; host-network containers (Airflow and its tasks) can.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  root_block_device {
    volume_type           = "gp3"
    volume_size           = var.host_root_volume_gb
    encrypted             = true
    delete_on_termination = true
  }

  tags = { Name = "${local.name}-host" }

  lifecycle {
    # The AMI parameter moves with every Amazon Linux release; replace the host deliberately
    # (terraform apply -replace=aws_instance.host), not on every plan.
    ignore_changes = [ami]

    precondition {
      condition     = var.finplat_sources != "live" || var.sec_user_agent != ""
      error_message = "finplat_sources = \"live\" needs sec_user_agent (\"Your Name you@example.com\"): the SEC refuses requests without it."
    }
  }
}
