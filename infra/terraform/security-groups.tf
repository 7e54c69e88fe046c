# One security group per role, even though the app and Airflow share a host today: the database
# rule names roles, not machines, so moving the app to its own instance changes no rule.

resource "aws_security_group" "airflow" {
  name        = "${local.name}-airflow"
  description = "Airflow host: no inbound traffic (SSM Session Manager needs none); outbound to the source APIs, S3, SSM and RDS"
  vpc_id      = aws_vpc.main.id

  tags = { Name = "${local.name}-airflow" }
}

resource "aws_vpc_security_group_egress_rule" "airflow_all" {
  security_group_id = aws_security_group.airflow.id
  description       = "Source APIs (Yahoo, SEC, ECB, OpenFIGI), S3, SSM, package and image downloads, RDS"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_security_group" "app" {
  name        = "${local.name}-app"
  description = "App (API + web client): inbound only from app_ingress_cidrs on the app port; outbound to RDS"
  vpc_id      = aws_vpc.main.id

  tags = { Name = "${local.name}-app" }
}

resource "aws_vpc_security_group_ingress_rule" "app_http" {
  for_each          = toset(var.app_ingress_cidrs)
  security_group_id = aws_security_group.app.id
  description       = "App port from an allowed network"
  ip_protocol       = "tcp"
  from_port         = var.app_port
  to_port           = var.app_port
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_egress_rule" "app_to_db" {
  security_group_id            = aws_security_group.app.id
  description                  = "Postgres"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.db.id
}

resource "aws_security_group" "db" {
  name        = "${local.name}-db"
  description = "RDS Postgres: reachable only from the Airflow host and the app"
  vpc_id      = aws_vpc.main.id

  tags = { Name = "${local.name}-db" }
}

resource "aws_vpc_security_group_ingress_rule" "db_from_airflow" {
  security_group_id            = aws_security_group.db.id
  description                  = "Postgres from the Airflow host (pipeline loads gold)"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.airflow.id
}

resource "aws_vpc_security_group_ingress_rule" "db_from_app" {
  security_group_id            = aws_security_group.db.id
  description                  = "Postgres from the app (reads gold, owns schema app)"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.app.id
}
