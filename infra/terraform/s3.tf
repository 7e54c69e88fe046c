# The lake: bronze (append-only raw payloads), silver and gold (Parquet), _state, quality and
# quarantine. LAKE_URL on the host is s3://<bucket>.

locals {
  lake_bucket_name = var.lake_bucket_name != "" ? var.lake_bucket_name : "finplat-${var.environment}-lake-${local.account_id}"
}

resource "aws_s3_bucket" "lake" {
  bucket = local.lake_bucket_name

  # A lake with data in it is never destroyed by accident; README "Teardown" empties it first.
  force_destroy = false
}

resource "aws_s3_bucket_ownership_controls" "lake" {
  bucket = aws_s3_bucket.lake.id

  # ACLs off: access is decided by IAM and the bucket policy only.
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "lake" {
  bucket = aws_s3_bucket.lake.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "lake" {
  bucket = aws_s3_bucket.lake.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "lake" {
  bucket = aws_s3_bucket.lake.id

  # SSE-S3 (AES-256): encrypted at rest at no cost and with no KMS permissions to manage.
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "lake" {
  bucket = aws_s3_bucket.lake.id

  # Versioning must be on before noncurrent-version rules mean anything.
  depends_on = [aws_s3_bucket_versioning.lake]

  rule {
    id     = "bronze-to-cheaper-storage"
    status = "Enabled"

    filter {
      prefix = "bronze/"
    }

    transition {
      days          = var.bronze_transition_days
      storage_class = var.bronze_transition_storage_class
    }
  }

  rule {
    id     = "expire-noncurrent-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }

    expiration {
      expired_object_delete_marker = true
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

data "aws_iam_policy_document" "lake_bucket" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.lake.arn,
      "${aws_s3_bucket.lake.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  # Bronze is append-only: a write must either create a new key (If-None-Match: *) or replace a
  # manifest it has read (If-Match: <etag>). Both keys absent = an unconditional overwrite: denied.
  # Multipart parts cannot carry the headers, so only whole-object creations are checked
  # (s3:ObjectCreationOperation is true for PutObject and CompleteMultipartUpload).
  dynamic "statement" {
    for_each = var.require_conditional_writes_on_bronze ? [1] : []

    content {
      sid       = "DenyUnconditionalBronzeWrites"
      effect    = "Deny"
      actions   = ["s3:PutObject"]
      resources = ["${aws_s3_bucket.lake.arn}/bronze/*"]

      principals {
        type        = "*"
        identifiers = ["*"]
      }

      condition {
        test     = "Null"
        variable = "s3:if-none-match"
        values   = ["true"]
      }

      condition {
        test     = "Null"
        variable = "s3:if-match"
        values   = ["true"]
      }

      condition {
        test     = "Bool"
        variable = "s3:ObjectCreationOperation"
        values   = ["true"]
      }
    }
  }
}

resource "aws_s3_bucket_policy" "lake" {
  bucket = aws_s3_bucket.lake.id
  policy = data.aws_iam_policy_document.lake_bucket.json

  # The public access block must exist first, or S3 may evaluate the policy without it.
  depends_on = [aws_s3_bucket_public_access_block.lake]
}
