/**
 * Policy checks over parsed Terraform. Each returns a list of problems (empty = pass), phrased so a
 * failing test says which block breaks which rule.
 */
import {
  dynamicContents,
  isObject,
  nested,
  strings,
  type Block,
  type Json,
  type JsonObject,
  type TerraformConfig,
} from './hcl.ts';

const byType = (blocks: readonly Block[], type: string): Block[] => blocks.filter((b) => b.type === type);
const where = (b: Block): string => `${b.kind === 'data' ? 'data.' : ''}${b.type}.${b.name} (${b.file})`;

/** True when an attribute expression mentions `<type>.<name>` (e.g. `${aws_s3_bucket.lake.id}`). */
function refers(value: Json | undefined, type: string, name: string): boolean {
  return strings(value).some((s) => s.includes(`${type}.${name}.`));
}

function blocksFor(config: TerraformConfig, type: string, target: Block): Block[] {
  return byType(config.resources, type).filter((b) => refers(b.body.bucket, target.type, target.name));
}

export function publicAccessProblems(config: TerraformConfig): string[] {
  const problems: string[] = [];
  for (const bucket of byType(config.resources, 'aws_s3_bucket')) {
    const blocks = blocksFor(config, 'aws_s3_bucket_public_access_block', bucket);
    if (blocks.length === 0) problems.push(`${where(bucket)} has no aws_s3_bucket_public_access_block`);
    for (const block of blocks) {
      for (const flag of [
        'block_public_acls',
        'block_public_policy',
        'ignore_public_acls',
        'restrict_public_buckets',
      ]) {
        if (block.body[flag] !== true) problems.push(`${where(block)}: ${flag} must be true`);
      }
    }
    if (bucket.body.acl !== undefined && bucket.body.acl !== 'private') {
      problems.push(`${where(bucket)}: acl ${JSON.stringify(bucket.body.acl)} is not private`);
    }
  }
  return problems;
}

export function encryptionAndVersioningProblems(config: TerraformConfig): string[] {
  const problems: string[] = [];
  for (const bucket of byType(config.resources, 'aws_s3_bucket')) {
    const sse = blocksFor(config, 'aws_s3_bucket_server_side_encryption_configuration', bucket);
    const algorithms = sse
      .flatMap((b) => nested(b.body, 'rule'))
      .flatMap((rule) => nested(rule, 'apply_server_side_encryption_by_default'))
      .flatMap((d) => strings(d.sse_algorithm));
    if (!algorithms.some((a) => ['AES256', 'aws:kms', 'aws:kms:dsse'].includes(a))) {
      problems.push(`${where(bucket)} has no default server-side encryption (AES256 or aws:kms)`);
    }
    const statuses = blocksFor(config, 'aws_s3_bucket_versioning', bucket)
      .flatMap((b) => nested(b.body, 'versioning_configuration'))
      .flatMap((v) => strings(v.status));
    if (!statuses.includes('Enabled')) problems.push(`${where(bucket)} does not have versioning Enabled`);
  }
  return problems;
}

export function rdsProblems(config: TerraformConfig): string[] {
  const problems: string[] = [];
  for (const db of byType(config.resources, 'aws_db_instance')) {
    // Explicit values only: the provider's defaults are not a policy anyone reviewed.
    if (db.body.publicly_accessible !== false)
      problems.push(`${where(db)}: publicly_accessible must be false`);
    if (db.body.storage_encrypted !== true) problems.push(`${where(db)}: storage_encrypted must be true`);
    const retention = db.body.backup_retention_period;
    if (retention === undefined || retention === 0) problems.push(`${where(db)}: automated backups are off`);
  }
  return problems;
}

/** An IAM statement as plain lists, whatever form it was written in. */
export interface Statement {
  readonly origin: string;
  readonly effect: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

function documentStatements(doc: Block): Statement[] {
  const direct = nested(doc.body, 'statement');
  const dynamic = dynamicContents(doc.body, 'statement');
  return [...direct, ...dynamic].map((s) => ({
    origin: where(doc),
    effect: typeof s.effect === 'string' ? s.effect : 'Allow',
    actions: strings(s.actions),
    resources: strings(s.resources),
  }));
}

/** Balanced `{...}` spans containing `key`, innermost first; `text` is an HCL or JSON object literal. */
function objectsWithKey(text: string, key: RegExp): string[] {
  const spans: string[] = [];
  const stack: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') stack.push(i);
    else if (text[i] === '}') {
      const start = stack.pop();
      if (start === undefined) continue;
      const span = text.slice(start, i + 1);
      if (key.test(span) && !spans.some((inner) => span.includes(inner))) spans.push(span);
    }
  }
  return spans;
}

function literalValues(span: string, key: string): string[] {
  const match = new RegExp(`"?${key}"?\\s*[:=]\\s*(\\[[^\\]]*\\]|"[^"]*")`).exec(span);
  const raw = match?.[1];
  if (raw === undefined) return [];
  return [...raw.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? '');
}

/**
 * Statements of an inline policy string: JSON (heredoc or file) or a `jsonencode({...})` expression.
 * The expression case is read lexically (each innermost object with an Action key), which covers
 * policies written as literals; computed action lists are not evaluated.
 */
export function inlinePolicyStatements(origin: string, policy: string): Statement[] {
  const trimmed = policy.trim();
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (isObject(parsed as Json)) {
      const raw = (parsed as JsonObject).Statement;
      const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
      return list.filter(isObject).map((s) => ({
        origin,
        effect: typeof s.Effect === 'string' ? s.Effect : 'Allow',
        actions: strings(s.Action),
        resources: strings(s.Resource),
      }));
    }
  } catch {
    // not JSON: an HCL expression
  }
  return objectsWithKey(trimmed, /"?(Not)?Action"?\s*[:=]/).map((span) => ({
    origin,
    effect: literalValues(span, 'Effect')[0] ?? 'Allow',
    actions: literalValues(span, 'Action'),
    resources: literalValues(span, 'Resource'),
  }));
}

export function allStatements(config: TerraformConfig): Statement[] {
  const fromDocuments = byType(config.data, 'aws_iam_policy_document').flatMap(documentStatements);
  const inline = config.resources.flatMap((resource) =>
    ['policy', 'assume_role_policy', 'inline_policy']
      .flatMap((attr) => {
        const value = resource.body[attr];
        // inline_policy is a block { policy = ... } on aws_iam_role.
        return isObject(value) || Array.isArray(value)
          ? nested(resource.body, attr).flatMap((b) => strings(b.policy))
          : strings(value);
      })
      .filter((text) => !/^\$\{data\.aws_iam_policy_document\.[\w-]+\.json\}$/.test(text.trim()))
      .flatMap((text) => inlinePolicyStatements(where(resource), text)),
  );
  return [...fromDocuments, ...inline];
}

export function wildcardProblems(config: TerraformConfig): string[] {
  return allStatements(config)
    .filter((s) => s.effect === 'Allow' && s.actions.includes('*') && s.resources.includes('*'))
    .map((s) => `${s.origin}: an Allow statement grants "*" actions on "*" resources`);
}

/** Documents attached (by name) to a role through aws_iam_role_policy. */
export function roleDocuments(config: TerraformConfig, roleName: string): Block[] {
  const attached = byType(config.resources, 'aws_iam_role_policy').filter((p) =>
    refers(p.body.role, 'aws_iam_role', roleName),
  );
  return byType(config.data, 'aws_iam_policy_document').filter((doc) =>
    attached.some((p) => refers(p.body.policy, 'data.aws_iam_policy_document', doc.name)),
  );
}

const grantsDelete = (actions: readonly string[]): boolean =>
  actions.some((a) => ['*', 's3:*', 's3:DeleteObject', 's3:Delete*', 's3:DeleteObjectVersion'].includes(a));

/** The rule of the lake: nothing may delete under bronze/ (nor anywhere through a bucket-wide `/*`). */
export function bronzeDeleteProblems(config: TerraformConfig): string[] {
  return allStatements(config)
    .filter((s) => s.effect === 'Allow' && grantsDelete(s.actions))
    .filter((s) =>
      s.resources.some((r) => /\/bronze\/|\/\*$|^\*$/.test(r) && !/\/(silver|gold)\/\*$/.test(r)),
    )
    .map((s) => `${s.origin}: grants delete on bronze (${s.resources.join(', ')})`);
}

export function variableProblems(config: TerraformConfig): string[] {
  const problems: string[] = [];
  for (const variable of config.variables) {
    const description = variable.body.description;
    if (typeof description !== 'string' || description.trim().length < 10) {
      problems.push(`variable "${variable.name}" (${variable.file}) needs a description`);
    }
    // A bool has nothing to validate; every string, number and list does.
    const type = typeof variable.body.type === 'string' ? variable.body.type : '';
    if (!type.includes('bool') && nested(variable.body, 'validation').length === 0) {
      problems.push(`variable "${variable.name}" (${variable.file}) has no validation block`);
    }
    if (type === '') problems.push(`variable "${variable.name}" (${variable.file}) has no type`);
  }
  return problems;
}

export function outputProblems(config: TerraformConfig, required: readonly string[]): string[] {
  const names = new Set(config.outputs.map((o) => o.name));
  return [
    ...required.filter((name) => !names.has(name)).map((name) => `output "${name}" is missing`),
    ...config.outputs
      .filter((o) => typeof o.body.description !== 'string')
      .map((o) => `output "${o.name}" needs a description`),
  ];
}

export function providerProblems(config: TerraformConfig): string[] {
  const aws = config.terraform
    .flatMap((t) => nested(t, 'required_providers'))
    .map((p) => p.aws)
    .find(isObject);
  if (aws === undefined) return ['terraform.required_providers has no aws entry'];
  return aws.version === '~> 5.0'
    ? []
    : [`aws provider version is ${JSON.stringify(aws.version)}, expected "~> 5.0"`];
}

/** RDS reachable from security groups only: no CIDR ingress on a group attached to a DB instance. */
export function databaseIngressProblems(config: TerraformConfig): string[] {
  const dbGroups = byType(config.resources, 'aws_db_instance').flatMap((db) =>
    strings(db.body.vpc_security_group_ids).flatMap((ref) =>
      [...ref.matchAll(/aws_security_group\.([\w-]+)\.id/g)].map((m) => m[1] ?? ''),
    ),
  );
  return byType(config.resources, 'aws_vpc_security_group_ingress_rule')
    .filter((rule) =>
      dbGroups.some((group) => refers(rule.body.security_group_id, 'aws_security_group', group)),
    )
    .filter(
      (rule) =>
        rule.body.referenced_security_group_id === undefined ||
        rule.body.cidr_ipv4 !== undefined ||
        rule.body.cidr_ipv6 !== undefined,
    )
    .map((rule) => `${where(rule)}: database ingress must come from a security group, not a CIDR`);
}

/** Roles whose attached policies mention any S3 action: the app must not be among them. */
export function rolesWithS3Access(config: TerraformConfig): string[] {
  return byType(config.resources, 'aws_iam_role')
    .filter((role) =>
      roleDocuments(config, role.name)
        .flatMap(documentStatements)
        .some((s) => s.effect === 'Allow' && s.actions.some((a) => a === '*' || a.startsWith('s3:'))),
    )
    .map((role) => role.name);
}

const BROAD_MANAGED_POLICY = /AdministratorAccess|PowerUserAccess|FullAccess|AmazonSSMManagedInstanceCore/;

export function managedPolicyProblems(config: TerraformConfig): string[] {
  return byType(config.resources, 'aws_iam_role_policy_attachment')
    .filter((a) => strings(a.body.policy_arn).some((arn) => BROAD_MANAGED_POLICY.test(arn)))
    .map((a) => `${where(a)}: attaches a broad AWS-managed policy; write a scoped one`);
}

/** The host: IMDSv2 with hop limit 1 (bridge-networked containers get no credentials), no SSH key. */
export function hostProblems(config: TerraformConfig): string[] {
  const problems: string[] = [];
  for (const host of byType(config.resources, 'aws_instance')) {
    const metadata = nested(host.body, 'metadata_options')[0];
    if (metadata?.http_tokens !== 'required')
      problems.push(`${where(host)}: metadata_options.http_tokens must be "required"`);
    if (metadata?.http_put_response_hop_limit !== 1) {
      problems.push(`${where(host)}: metadata_options.http_put_response_hop_limit must be 1`);
    }
    if (host.body.key_name !== undefined && host.body.key_name !== null)
      problems.push(`${where(host)}: no SSH key pair (SSM only)`);
    if (host.body.iam_instance_profile === undefined)
      problems.push(`${where(host)}: needs an instance profile`);
    if (nested(host.body, 'root_block_device').some((d) => d.encrypted !== true)) {
      problems.push(`${where(host)}: root volume must be encrypted`);
    }
  }
  return problems;
}
