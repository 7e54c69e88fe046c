import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  configFromSnippet,
  dynamicContents,
  loadTerraformDir,
  nested,
  parseHcl,
  strings,
  type TerraformConfig,
} from './hcl.ts';
import { TERRAFORM_DIR, USER_DATA_TEMPLATE } from './paths.ts';
import {
  bronzeDeleteProblems,
  databaseIngressProblems,
  encryptionAndVersioningProblems,
  hostProblems,
  inlinePolicyStatements,
  managedPolicyProblems,
  outputProblems,
  providerProblems,
  publicAccessProblems,
  rdsProblems,
  rolesWithS3Access,
  variableProblems,
  wildcardProblems,
} from './terraform-checks.ts';

let config: TerraformConfig;

beforeAll(async () => {
  ({ config } = await loadTerraformDir(TERRAFORM_DIR));
});

const find = (blocks: TerraformConfig['resources'], type: string, name: string) => {
  const block = blocks.find((b) => b.type === type && b.name === name);
  if (block === undefined) throw new Error(`${type}.${name} not found in infra/terraform`);
  return block.body;
};

describe('infra/terraform parses', () => {
  it('parses every .tf file with HashiCorp HCL', async () => {
    const names = (await readdir(TERRAFORM_DIR)).filter((n) => n.endsWith('.tf'));
    const { files } = await loadTerraformDir(TERRAFORM_DIR);
    expect(files.map((f) => f.file).sort()).toEqual(names.sort());
    expect(names).toEqual(
      expect.arrayContaining(['versions.tf', 'variables.tf', 'outputs.tf', 's3.tf', 'rds.tf', 'iam.tf']),
    );
  });

  it('rejects broken HCL and names the file', async () => {
    await expect(parseHcl('broken.tf', 'resource "aws_s3_bucket" "x" {\n  bucket = \n')).rejects.toThrow(
      /broken\.tf/,
    );
  });

  it('pins the AWS provider to ~> 5.0', () => {
    expect(providerProblems(config)).toEqual([]);
  });
});

describe('S3 lake policy', () => {
  it('blocks all public access on every bucket', async () => {
    expect(publicAccessProblems(config)).toEqual([]);
    const bad = await configFromSnippet(`
      resource "aws_s3_bucket" "open" { bucket = "open" }
      resource "aws_s3_bucket" "half" { bucket = "half" }
      resource "aws_s3_bucket_public_access_block" "half" {
        bucket = aws_s3_bucket.half.id
        block_public_acls = true
        block_public_policy = false
        ignore_public_acls = true
        restrict_public_buckets = true
      }`);
    expect(publicAccessProblems(bad).sort()).toEqual([
      'aws_s3_bucket.open (snippet.tf) has no aws_s3_bucket_public_access_block',
      'aws_s3_bucket_public_access_block.half (snippet.tf): block_public_policy must be true',
    ]);
  });

  it('encrypts and versions every bucket', async () => {
    expect(encryptionAndVersioningProblems(config)).toEqual([]);
    const bad = await configFromSnippet(`
      resource "aws_s3_bucket" "plain" { bucket = "plain" }
      resource "aws_s3_bucket_versioning" "plain" {
        bucket = aws_s3_bucket.plain.id
        versioning_configuration { status = "Suspended" }
      }`);
    expect(encryptionAndVersioningProblems(bad)).toHaveLength(2);
  });

  it('denies non-TLS requests and, optionally, unconditional writes to bronze/', () => {
    const policy = config.data.find((d) => d.name === 'lake_bucket');
    const statements = nested(policy?.body, 'statement');
    const tls = statements.find((s) => s.sid === 'DenyInsecureTransport');
    expect(tls?.effect).toBe('Deny');
    expect(nested(tls, 'condition')).toEqual([
      { test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] },
    ]);

    const conditional = dynamicContents(policy?.body, 'statement');
    expect(conditional).toHaveLength(1);
    const rule = conditional[0];
    expect(rule?.effect).toBe('Deny');
    expect(strings(rule?.resources)).toEqual(['${aws_s3_bucket.lake.arn}/bronze/*']);
    const conditions = nested(rule, 'condition').map((c) =>
      [...strings(c.test), ...strings(c.variable), strings(c.values).join()].join(' '),
    );
    expect(conditions.sort()).toEqual([
      'Bool s3:ObjectCreationOperation true',
      'Null s3:if-match true',
      'Null s3:if-none-match true',
    ]);
  });

  it('moves old bronze to a cheaper class and expires noncurrent versions', () => {
    const rules = nested(find(config.resources, 'aws_s3_bucket_lifecycle_configuration', 'lake'), 'rule');
    const bronze = rules.find((r) => nested(r, 'filter').some((f) => f.prefix === 'bronze/'));
    expect(nested(bronze, 'transition')).toEqual([
      { days: '${var.bronze_transition_days}', storage_class: '${var.bronze_transition_storage_class}' },
    ]);
    expect(rules.some((r) => nested(r, 'noncurrent_version_expiration').length === 1)).toBe(true);
  });
});

describe('RDS', () => {
  it('is encrypted, private and backed up', async () => {
    expect(rdsProblems(config)).toEqual([]);
    const bad = await configFromSnippet(`
      resource "aws_db_instance" "open" {
        publicly_accessible = true
        backup_retention_period = 0
      }`);
    expect(rdsProblems(bad)).toEqual([
      'aws_db_instance.open (snippet.tf): publicly_accessible must be false',
      'aws_db_instance.open (snippet.tf): storage_encrypted must be true',
      'aws_db_instance.open (snippet.tf): automated backups are off',
    ]);
  });

  it('is a gp3 Graviton instance with deletion protection and slow-query logging', () => {
    const db = find(config.resources, 'aws_db_instance', 'main');
    expect(db.storage_type).toBe('gp3');
    expect(db.deletion_protection).toBe('${var.db_deletion_protection}');
    const defaults = Object.fromEntries(config.variables.map((v) => [v.name, v.body.default]));
    expect(defaults.db_instance_class).toBe('db.t4g.micro');
    expect(defaults.db_deletion_protection).toBe(true);
    const parameters = nested(find(config.resources, 'aws_db_parameter_group', 'postgres'), 'parameter').map(
      (p) => p.name,
    );
    expect(parameters).toEqual(expect.arrayContaining(['log_min_duration_statement', 'rds.force_ssl']));
  });

  it('accepts connections only from security groups', async () => {
    expect(databaseIngressProblems(config)).toEqual([]);
    const bad = await configFromSnippet(`
      resource "aws_db_instance" "db" { vpc_security_group_ids = [aws_security_group.db.id] }
      resource "aws_vpc_security_group_ingress_rule" "world" {
        security_group_id = aws_security_group.db.id
        cidr_ipv4 = "0.0.0.0/0"
      }`);
    expect(databaseIngressProblems(bad)).toHaveLength(1);
  });
});

describe('IAM', () => {
  it('has no statement granting "*" actions on "*" resources, in documents or inline policies', async () => {
    expect(wildcardProblems(config)).toEqual([]);
    const bad = await configFromSnippet(`
      data "aws_iam_policy_document" "doc" {
        statement {
          actions   = ["*"]
          resources = ["*"]
        }
      }
      resource "aws_iam_policy" "encoded" {
        policy = jsonencode({
          Version = "2012-10-17"
          Statement = [
            { Effect = "Allow", Action = ["s3:GetObject"], Resource = ["arn:aws:s3:::b/*"] },
            { Effect = "Allow", Action = "*", Resource = "*" },
          ]
        })
      }
      resource "aws_iam_role_policy" "heredoc" {
        policy = <<-JSON
          {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["*"], "Resource": "*"}]}
        JSON
      }`);
    expect(wildcardProblems(bad)).toEqual([
      'data.aws_iam_policy_document.doc (snippet.tf): an Allow statement grants "*" actions on "*" resources',
      'aws_iam_policy.encoded (snippet.tf): an Allow statement grants "*" actions on "*" resources',
      'aws_iam_role_policy.heredoc (snippet.tf): an Allow statement grants "*" actions on "*" resources',
    ]);
  });

  it('reads jsonencode statements one by one (a scoped statement is not flagged)', () => {
    const statements = inlinePolicyStatements(
      'x',
      '${jsonencode({Statement = [{ Effect = "Deny", Action = "*", Resource = "*" }, { Action = ["s3:GetObject"], Resource = "*" }]})}',
    );
    expect(statements.map((s) => [s.effect, s.actions, s.resources])).toEqual([
      ['Deny', ['*'], ['*']],
      ['Allow', ['s3:GetObject'], ['*']],
    ]);
  });

  it('lets nothing delete under bronze/', async () => {
    expect(bronzeDeleteProblems(config)).toEqual([]);
    const bad = await configFromSnippet(`
      data "aws_iam_policy_document" "p" {
        statement {
          actions   = ["s3:PutObject", "s3:DeleteObject"]
          resources = ["\${aws_s3_bucket.lake.arn}/bronze/*", "\${aws_s3_bucket.lake.arn}/silver/*"]
        }
        statement {
          actions   = ["s3:DeleteObject"]
          resources = ["\${aws_s3_bucket.lake.arn}/gold/*"]
        }
        statement {
          actions   = ["s3:*"]
          resources = ["\${aws_s3_bucket.lake.arn}/*"]
        }
      }`);
    expect(bronzeDeleteProblems(bad)).toHaveLength(2);
  });

  it('gives S3 access to the host (pipeline) role only: the app has none', () => {
    expect(rolesWithS3Access(config)).toEqual(['host']);
    // The only other role starts and stops the host and the database on the active-hours schedule.
    const roles = config.resources.filter((r) => r.type === 'aws_iam_role');
    expect(roles.map((r) => r.name).sort()).toEqual(['host', 'scheduler']);
  });

  it('attaches no broad AWS-managed policy', async () => {
    expect(managedPolicyProblems(config)).toEqual([]);
    const bad = await configFromSnippet(`
      resource "aws_iam_role_policy_attachment" "admin" {
        role       = aws_iam_role.host.name
        policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
      }`);
    expect(managedPolicyProblems(bad)).toHaveLength(1);
  });

  it('scopes SSM parameter reads to this environment', () => {
    const doc = config.data.find((d) => d.name === 'host_parameters');
    const resources = nested(doc?.body, 'statement').flatMap((s) => strings(s.resources));
    expect(resources).toEqual([
      'arn:${local.partition}:ssm:${var.region}:${local.account_id}:parameter${local.ssm_prefix}/*',
    ]);
  });
});

describe('EC2 host', () => {
  it('uses IMDSv2 with hop limit 1, no SSH key, an instance profile and an encrypted volume', async () => {
    expect(hostProblems(config)).toEqual([]);
    const bad = await configFromSnippet(`
      resource "aws_instance" "h" {
        key_name = "laptop"
        metadata_options {
          http_tokens = "optional"
          http_put_response_hop_limit = 2
        }
      }`);
    expect(hostProblems(bad)).toHaveLength(4);
  });

  it('defaults to a Graviton t4g.small', () => {
    const defaults = Object.fromEntries(config.variables.map((v) => [v.name, v.body.default]));
    expect(defaults.host_instance_type).toBe('t4g.small');
    expect(find(config.resources, 'aws_instance', 'host').ami).toBe(
      '${data.aws_ssm_parameter.al2023_arm64.value}',
    );
  });
});

describe('variables and outputs', () => {
  it('documents every variable and validates every non-boolean one', async () => {
    expect(variableProblems(config)).toEqual([]);
    const bad = await configFromSnippet(`
      variable "undocumented" {
        type = number
      }
      variable "flag" {
        description = "A switch that needs no validation."
        type        = bool
      }`);
    expect(variableProblems(bad)).toEqual([
      'variable "undocumented" (snippet.tf) needs a description',
      'variable "undocumented" (snippet.tf) has no validation block',
    ]);
  });

  it('exposes what the deploy steps need', async () => {
    const required = [
      'lake_bucket',
      'lake_url',
      'db_endpoint',
      'host_instance_id',
      'ssm_session_command',
      'app_port_forward_command',
    ];
    expect(outputProblems(config, required)).toEqual([]);
    expect(outputProblems(await configFromSnippet('output "x" { value = 1 }'), ['lake_url'])).toEqual([
      'output "lake_url" is missing',
      'output "x" needs a description',
    ]);
  });
});

describe('EC2 user data template', () => {
  it('uses exactly the values ec2.tf passes to templatefile (else `terraform plan` fails)', () => {
    const ec2 = readFileSync(path.join(TERRAFORM_DIR, 'ec2.tf'), 'utf8');
    const call = /templatefile\([^,]+,\s*\{([^]*?)\n\s*\}\)/.exec(ec2)?.[1] ?? '';
    const passed = [...call.matchAll(/^\s*(\w+)\s*=/gm)].map((m) => m[1]).sort();
    const template = readFileSync(USER_DATA_TEMPLATE, 'utf8');
    // ${name} is a template value; $${...} would be a literal; the shell uses $name forms only.
    const used = [...new Set([...template.matchAll(/(?<!\$)\$\{(\w+)\}/g)].map((m) => m[1]))].sort();
    expect(passed.length).toBeGreaterThan(5);
    expect(used).toEqual(passed);
  });

  it('runs Airflow on the host network (instance role) and the app on the bridge (no credentials)', () => {
    const template = readFileSync(USER_DATA_TEMPLATE, 'utf8');
    const airflow = /docker run [^]*?finplat-airflow\n/.exec(template)?.[0] ?? '';
    const app = /docker run --rm --name finplat-app[^]*?finplat-app\n/.exec(template)?.[0] ?? '';
    expect(airflow).toContain('--network host');
    expect(airflow).toContain('/opt/finplat/src/infra/airflow/dags:/opt/airflow/dags:ro');
    expect(app).not.toBe('');
    expect(app).not.toContain('--network');
  });
});
