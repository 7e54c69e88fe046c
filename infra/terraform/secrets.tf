# Secrets in SSM Parameter Store (standard tier: free; SecureString encrypted with the AWS-managed
# aws/ssm key). Only the host role may read them (iam.tf); the host renders them into root-only
# env files each time a service starts.

resource "random_password" "db_app" {
  length  = 40
  special = false
}

resource "aws_ssm_parameter" "db_master_password" {
  name        = "${local.ssm_prefix}/db/master-password"
  description = "RDS master password (user finplat_admin): the pipeline's migrations and loads"
  type        = "SecureString"
  value       = random_password.db_master.result
}

resource "aws_ssm_parameter" "db_app_password" {
  name        = "${local.ssm_prefix}/db/app-password"
  description = "Password of the app's login role finplat_api (member of the read-only gold role finplat_app)"
  type        = "SecureString"
  value       = random_password.db_app.result
}

resource "aws_ssm_parameter" "sec_user_agent" {
  count       = var.sec_user_agent == "" ? 0 : 1
  name        = "${local.ssm_prefix}/pipeline/sec-user-agent"
  description = "SEC_USER_AGENT for live SEC EDGAR requests"
  type        = "SecureString"
  value       = var.sec_user_agent
}

resource "aws_ssm_parameter" "openfigi_api_key" {
  count       = var.openfigi_api_key == "" ? 0 : 1
  name        = "${local.ssm_prefix}/pipeline/openfigi-api-key"
  description = "OPENFIGI_API_KEY"
  type        = "SecureString"
  value       = var.openfigi_api_key
}

# JWT_SECRET for the API's access tokens. Without it the API generates one under FINPLAT_HOME,
# which lives inside the app container and would change on every restart (logging everyone out).
resource "random_password" "jwt_secret" {
  length  = 64
  special = false
}

resource "aws_ssm_parameter" "jwt_secret" {
  name        = "${local.ssm_prefix}/app/jwt-secret"
  description = "JWT_SECRET: HMAC key of the API's access tokens"
  type        = "SecureString"
  value       = random_password.jwt_secret.result
}
