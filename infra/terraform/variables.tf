variable "region" {
  description = "AWS region for every resource. COSTS.md is priced for us-east-1; other regions differ slightly."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region code such as us-east-1 or eu-west-1."
  }
}

variable "environment" {
  description = "Short environment name (e.g. prod, staging). Used in resource names, the bucket name and SSM paths."
  type        = string
  default     = "prod"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,15}$", var.environment))
    error_message = "environment must be 2-16 characters: lower-case letters, digits and '-', starting with a letter."
  }
}

variable "lake_bucket_name" {
  description = "Name of the S3 bucket for the lake. Empty = finplat-<environment>-lake-<account id> (globally unique)."
  type        = string
  default     = ""

  validation {
    condition     = var.lake_bucket_name == "" || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.lake_bucket_name))
    error_message = "lake_bucket_name must be empty or a valid S3 bucket name (3-63 lower-case letters, digits, '.', '-')."
  }
}

variable "bronze_transition_days" {
  description = "Age in days after which bronze objects move to bronze_transition_storage_class. Bronze is append-only and re-read only by re-runs."
  type        = number
  default     = 90

  validation {
    condition     = var.bronze_transition_days >= 30 && floor(var.bronze_transition_days) == var.bronze_transition_days
    error_message = "bronze_transition_days must be a whole number of at least 30 (S3 does not move objects to STANDARD_IA sooner)."
  }
}

variable "bronze_transition_storage_class" {
  description = "Cheaper storage class for old bronze objects. Objects under 128 KB stay in STANDARD (S3's default minimum size for transitions)."
  type        = string
  default     = "STANDARD_IA"

  validation {
    condition     = contains(["STANDARD_IA", "INTELLIGENT_TIERING", "GLACIER_IR"], var.bronze_transition_storage_class)
    error_message = "bronze_transition_storage_class must be STANDARD_IA, INTELLIGENT_TIERING or GLACIER_IR (classes readable without a restore)."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Days after which overwritten object versions (manifests, layer pointers, replaced silver/gold files) are deleted."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1 && var.noncurrent_version_expiration_days <= 3650
    error_message = "noncurrent_version_expiration_days must be between 1 and 3650."
  }
}

variable "require_conditional_writes_on_bronze" {
  description = "Deny PutObject on bronze/ unless the request carries If-None-Match or If-Match, so no writer can silently overwrite bronze. The data platform always sends one."
  type        = bool
  default     = true
}

variable "db_engine_version" {
  description = "PostgreSQL major version for RDS; AWS picks the newest minor and upgrades minors automatically."
  type        = string
  default     = "17"

  validation {
    condition     = contains(["16", "17"], var.db_engine_version)
    error_message = "db_engine_version must be \"16\" or \"17\" (the parameter group family follows it)."
  }
}

variable "db_instance_class" {
  description = "RDS instance class. Graviton burstable classes are the cheapest; COSTS.md assumes db.t4g.micro."
  type        = string
  default     = "db.t4g.micro"

  validation {
    condition     = can(regex("^db\\.(t4g|m6g|m7g|r6g|r7g)\\.[a-z0-9]+$", var.db_instance_class))
    error_message = "db_instance_class must be a Graviton class such as db.t4g.micro or db.t4g.small."
  }
}

variable "db_allocated_storage_gb" {
  description = "Initial RDS gp3 storage in GB (20 is the gp3 minimum and plenty for gold)."
  type        = number
  default     = 20

  validation {
    condition     = var.db_allocated_storage_gb >= 20 && var.db_allocated_storage_gb <= 1000
    error_message = "db_allocated_storage_gb must be between 20 and 1000."
  }
}

variable "db_max_allocated_storage_gb" {
  description = "Upper bound for RDS storage autoscaling in GB; 0 disables autoscaling."
  type        = number
  default     = 50

  validation {
    condition     = var.db_max_allocated_storage_gb == 0 || (var.db_max_allocated_storage_gb >= 20 && var.db_max_allocated_storage_gb <= 1000)
    error_message = "db_max_allocated_storage_gb must be 0 (off) or between 20 and 1000."
  }
}

variable "db_backup_retention_days" {
  description = "Days of automated RDS backups (point-in-time recovery window). Backup storage up to the database size is free."
  type        = number
  default     = 7

  validation {
    condition     = var.db_backup_retention_days >= 1 && var.db_backup_retention_days <= 35
    error_message = "db_backup_retention_days must be between 1 and 35 (0 would disable backups)."
  }
}

variable "db_deletion_protection" {
  description = "Protect the RDS instance from deletion. Set to false and apply before `terraform destroy` (see README)."
  type        = bool
  default     = true
}

variable "db_skip_final_snapshot" {
  description = "Skip the final snapshot when the database is destroyed. Keep false in production: the snapshot is the last copy of the app's users and portfolios."
  type        = bool
  default     = false
}

variable "db_log_min_duration_ms" {
  description = "Log every statement that runs at least this many milliseconds (log_min_duration_statement); -1 disables."
  type        = number
  default     = 500

  validation {
    condition     = var.db_log_min_duration_ms >= -1 && var.db_log_min_duration_ms <= 600000
    error_message = "db_log_min_duration_ms must be between -1 (off) and 600000."
  }
}

variable "host_instance_type" {
  description = "EC2 instance type of the host that runs Airflow, the pipeline and the app. Must be Graviton (arm64): the AMI is arm64."
  type        = string
  default     = "t4g.small"

  validation {
    condition     = can(regex("^[a-z][0-9]+g[a-z]*\\.[a-z0-9]+$", var.host_instance_type))
    error_message = "host_instance_type must be a Graviton (arm64) type such as t4g.small or t4g.medium."
  }
}

variable "host_cpu_credits" {
  description = "CPU credit mode of the burstable host: unlimited (burst for the daily batch; billed only if the 24 h average exceeds the baseline) or standard (throttled, never billed extra)."
  type        = string
  default     = "unlimited"

  validation {
    condition     = contains(["standard", "unlimited"], var.host_cpu_credits)
    error_message = "host_cpu_credits must be \"standard\" or \"unlimited\"."
  }
}

variable "host_root_volume_gb" {
  description = "Root gp3 volume of the host in GB: OS, Docker images (about 4 GB), swap (2 GB), the bronze download cache and Airflow logs."
  type        = number
  default     = 20

  validation {
    condition     = var.host_root_volume_gb >= 16 && var.host_root_volume_gb <= 500
    error_message = "host_root_volume_gb must be between 16 and 500."
  }
}

variable "source_repository_url" {
  description = "HTTPS git URL the host clones and builds the images from (your fork of fin-platform)."
  type        = string

  validation {
    condition     = can(regex("^https://[^\\s]+$", var.source_repository_url))
    error_message = "source_repository_url must be an https:// git URL, e.g. https://github.com/you/fin-platform.git."
  }
}

variable "source_ref" {
  description = "Git branch or tag the host checks out. Changing it replaces the host on the next apply."
  type        = string
  default     = "main"

  validation {
    condition     = can(regex("^[A-Za-z0-9._/-]+$", var.source_ref))
    error_message = "source_ref must be a branch or tag name (letters, digits, '.', '_', '/', '-')."
  }
}

variable "airflow_image" {
  description = "Apache Airflow base image for the Airflow container (the data-platform CLI is added on top)."
  type        = string
  default     = "apache/airflow:3.1.0-python3.12"

  validation {
    condition     = can(regex("^[a-z0-9./-]+:[A-Za-z0-9._-]+$", var.airflow_image))
    error_message = "airflow_image must be an image reference with a tag, e.g. apache/airflow:3.1.0-python3.12."
  }
}

variable "app_port" {
  description = "Port the app (API + web client) listens on, on the host."
  type        = number
  default     = 8080

  validation {
    condition     = var.app_port >= 1024 && var.app_port <= 65535 && var.app_port != 8081
    error_message = "app_port must be between 1024 and 65535 and not 8081 (Airflow's port on the host)."
  }
}

variable "app_ingress_cidrs" {
  description = "IPv4 CIDRs allowed to reach the app port directly. Empty (default) = no inbound traffic; reach the app through an SSM port-forwarding session (README)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for cidr in var.app_ingress_cidrs : can(cidrnetmask(cidr)) && cidr != "0.0.0.0/0"])
    error_message = "app_ingress_cidrs must be IPv4 CIDRs such as 203.0.113.7/32; 0.0.0.0/0 is refused because the app serves plain HTTP."
  }
}

variable "finplat_sources" {
  description = "FINPLAT_SOURCES for the pipeline on AWS: live (the real APIs) or sandbox (synthetic data, for a dry run)."
  type        = string
  default     = "live"

  validation {
    condition     = contains(["live", "sandbox"], var.finplat_sources)
    error_message = "finplat_sources must be \"live\" or \"sandbox\"."
  }
}

variable "sec_user_agent" {
  description = "SEC_USER_AGENT: your name and contact email, required by the SEC for live requests, e.g. \"Jane Doe jane@example.com\". Stored in SSM Parameter Store."
  type        = string
  default     = ""
  sensitive   = true

  validation {
    condition     = var.sec_user_agent == "" || can(regex("^.+ [^ @]+@[^ @]+\\.[^ @]+$", var.sec_user_agent))
    error_message = "sec_user_agent must be \"Name email@domain\", e.g. \"Jane Doe jane@example.com\"."
  }
}

variable "openfigi_api_key" {
  description = "OPENFIGI_API_KEY (optional; raises OpenFIGI's rate limits). Stored as an SSM SecureString; empty = no key."
  type        = string
  default     = ""
  sensitive   = true

  validation {
    condition     = var.openfigi_api_key == "" || can(regex("^[A-Za-z0-9-]{8,128}$", var.openfigi_api_key))
    error_message = "openfigi_api_key must be empty or the key OpenFIGI issued (letters, digits, '-')."
  }
}

variable "monthly_budget_usd" {
  description = "Monthly AWS cost budget in USD; alerts go out at 80% of actual and 100% of forecast spend."
  type        = number
  default     = 35

  validation {
    condition     = var.monthly_budget_usd >= 1 && var.monthly_budget_usd <= 10000
    error_message = "monthly_budget_usd must be between 1 and 10000."
  }
}

variable "budget_alert_emails" {
  description = "Email addresses that receive the budget alerts (each must confirm the subscription AWS sends)."
  type        = list(string)

  validation {
    condition     = length(var.budget_alert_emails) > 0 && alltrue([for email in var.budget_alert_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", email))])
    error_message = "budget_alert_emails must list at least one email address."
  }
}

variable "active_hours" {
  description = "Run the host and the database only in a daily window (EventBridge Scheduler stops and starts them), which brings the bill from about 32 to about 23 USD (COSTS.md). The window must contain the DAG's 18:30 America/New_York run. Set enabled = false for an always-on platform."
  type = object({
    enabled    = bool
    start_cron = string
    stop_cron  = string
    timezone   = string
  })
  default = {
    enabled    = true
    start_cron = "cron(0 7 * * ? *)"
    stop_cron  = "cron(0 23 * * ? *)"
    timezone   = "America/New_York"
  }

  validation {
    condition     = can(regex("^cron\\(.+\\)$", var.active_hours.start_cron)) && can(regex("^cron\\(.+\\)$", var.active_hours.stop_cron))
    error_message = "active_hours.start_cron and stop_cron must be EventBridge Scheduler cron expressions, e.g. cron(0 7 * * ? *)."
  }

  validation {
    condition     = can(regex("^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$", var.active_hours.timezone))
    error_message = "active_hours.timezone must be an IANA time zone such as America/New_York or UTC."
  }
}
