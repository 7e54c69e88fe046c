output "lake_bucket" {
  description = "Name of the lake bucket."
  value       = aws_s3_bucket.lake.bucket
}

output "lake_url" {
  description = "LAKE_URL the pipeline uses on the host."
  value       = local.lake_url
}

output "db_endpoint" {
  description = "RDS endpoint (host:port); reachable only from the host's security groups."
  value       = aws_db_instance.main.endpoint
}

output "db_master_password_parameter" {
  description = "SSM parameter holding the RDS master password (SecureString)."
  value       = aws_ssm_parameter.db_master_password.name
}

output "host_instance_id" {
  description = "EC2 instance id of the host, for `aws ssm start-session --target ...`."
  value       = aws_instance.host.id
}

output "host_public_ip" {
  description = "Public IPv4 of the host (outbound traffic; inbound only on app_port from app_ingress_cidrs)."
  value       = aws_instance.host.public_ip
}

output "host_role_arn" {
  description = "IAM role of the host (Airflow and the pipeline)."
  value       = aws_iam_role.host.arn
}

output "ssm_session_command" {
  description = "Open a shell on the host."
  value       = "aws ssm start-session --region ${var.region} --target ${aws_instance.host.id}"
}

output "app_port_forward_command" {
  description = "Forward the app to http://localhost:${var.app_port} on your machine."
  value       = "aws ssm start-session --region ${var.region} --target ${aws_instance.host.id} --document-name AWS-StartPortForwardingSession --parameters portNumber=${var.app_port},localPortNumber=${var.app_port}"
}

output "airflow_port_forward_command" {
  description = "Forward the Airflow UI to http://localhost:8081 on your machine."
  value       = "aws ssm start-session --region ${var.region} --target ${aws_instance.host.id} --document-name AWS-StartPortForwardingSession --parameters portNumber=8081,localPortNumber=8081"
}
