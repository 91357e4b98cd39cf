/**
 * The MUST / MUST-NOT rules of docs/rules.md section 4 over one task-definition JSON (the file CI renders and registers),
 * beyond what validators/ecs-task-definition.ts checks against the ECS API model (shape, enums, ECS-02 sizes).
 * Problems read "ECS-05: infra/task-definitions/prod/web.json: containerDefinitions[0] (web): ...".
 *
 * Container 0 is the app container (our generator's order; render-task-definition targets it): it is the one that
 * must be essential, carry an ECR image and initProcessEnabled. Every later container is a sidecar (ECS-14).
 */
import { READ_ONLY_FIELDS } from "../validators/ecs-task-definition.js";

/** docs/rules.md ECS-05 valueFrom forms (SSM parameter ARN; Secrets Manager ARN with optional :json-key:stage:version). */
export const SSM_VALUE_FROM = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/[A-Za-z0-9_.\-/]+$/;
export const SECRETS_MANAGER_VALUE_FROM =
  /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+(:[^:]*:[^:]*:[^:]*)?$/;
/** ECS-09: an ECR image URI with a tag (render-task-definition replaces it at deploy time). */
export const ECR_IMAGE =
  /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[a-z0-9][a-z0-9._/-]*:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/**
 * ECS-05 / AP-04: environment names that hold secrets. A name is split into `_`/`__` words; it is a secret when a word
 * is PASSWORD, PASSWD, PWD, SECRET, TOKEN, KEY, CREDENTIAL(S) or PRIVATE. Decided exceptions: names ending in
 * `_KEY_ID` (a key's identifier, e.g. KMS_KEY_ID; AWS_ACCESS_KEY_ID is still refused below, being half of a long-lived
 * credential pair, AP-07) and PUBLIC_KEY / PUBLISHABLE_KEY (meant to be public).
 */
const SECRET_WORDS = new Set([
  "PASSWORD",
  "PASSWD",
  "PWD",
  "SECRET",
  "TOKEN",
  "KEY",
  "CREDENTIAL",
  "CREDENTIALS",
  "PRIVATE",
]);
export function isSecretName(name: string): boolean {
  const upper = name.toUpperCase();
  if (upper === "AWS_ACCESS_KEY_ID") return true;
  if (/_KEY_ID$|(^|_)PUBLIC_KEY$|(^|_)PUBLISHABLE_KEY$/.test(upper)) return false;
  return upper.split(/_+/).some((word) => SECRET_WORDS.has(word) || /(PASSWORD|SECRET|TOKEN)$/.test(word));
}
/** ECS-05: a value that carries a credential: user:password@ in a URL, or Password=/Pwd= in a connection string. */
const CREDENTIAL_VALUE = /:\/\/[^/\s:@]*:[^/\s@]+@|(^|;)\s*(password|pwd)\s*=/i;

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined =>
  typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : undefined;

export function checkTaskDefinitionRules(td: unknown, path: string): string[] {
  const out: string[] = [];
  const add = (rule: string, where: string, msg: string) =>
    out.push(`${rule}: ${path}: ${where ? `${where}: ` : ""}${msg}`);
  if (!isRecord(td)) return [`ECS-01: ${path}: not a JSON object`];

  // ECS-01: Fargate task-level fields; we always set taskRoleArn (ECS Exec and app permissions) and runtimePlatform.
  for (const key of ["family", "cpu", "memory", "executionRoleArn", "taskRoleArn", "runtimePlatform"])
    if (td[key] === undefined || td[key] === "") add("ECS-01", "", `${key} is missing`);
  if (!Array.isArray(td.requiresCompatibilities) || !td.requiresCompatibilities.includes("FARGATE"))
    add("ECS-01", "requiresCompatibilities", "must include FARGATE");
  if (td.networkMode !== "awsvpc")
    add("ECS-01", "networkMode", `is ${JSON.stringify(td.networkMode)}, must be "awsvpc"`);
  for (const key of ["executionRoleArn", "taskRoleArn"])
    if (td[key] !== undefined && !ROLE_ARN.test(String(td[key])))
      add("ECS-01", key, `${JSON.stringify(td[key])} is not an IAM role ARN`);
  // ECS-10: no describe-task-definition output fields.
  for (const key of READ_ONLY_FIELDS) if (key in td) add("ECS-10", key, "read-only describe-task-definition field");
  // ECS-15: Linux on x86_64 or arm64.
  const platform = isRecord(td.runtimePlatform) ? td.runtimePlatform : {};
  if (platform.operatingSystemFamily !== "LINUX")
    add(
      "ECS-15",
      "runtimePlatform.operatingSystemFamily",
      `is ${JSON.stringify(platform.operatingSystemFamily)}, must be "LINUX"`,
    );
  if (platform.cpuArchitecture !== "X86_64" && platform.cpuArchitecture !== "ARM64")
    add("ECS-15", "runtimePlatform.cpuArchitecture", `is ${JSON.stringify(platform.cpuArchitecture)}`);
  // ECS-18: task-level pidMode.
  if (td.pidMode === "host") add("ECS-18", "pidMode", 'is "host"');

  const containers = Array.isArray(td.containerDefinitions) ? td.containerDefinitions.filter(isRecord) : [];
  if (containers.length === 0) {
    add("ECS-01", "containerDefinitions", "is missing or empty");
    return out;
  }
  const names = containers.map((c) => String(c.name));
  // ECS-03: containers fit in the task.
  const sum = (key: string) => containers.reduce((n, c) => n + (num(c[key]) ?? 0), 0);
  const [taskCpu, taskMemory] = [num(td.cpu), num(td.memory)];
  if (taskCpu !== undefined && sum("cpu") > taskCpu)
    add("ECS-03", "", `containers' cpu ${sum("cpu")} exceeds the task's ${taskCpu}`);
  const hard = containers.reduce((n, c) => n + (num(c.memory) ?? num(c.memoryReservation) ?? 0), 0);
  if (taskMemory !== undefined && hard > taskMemory)
    add("ECS-03", "", `containers' memory ${hard} exceeds the task's ${taskMemory}`);
  // ECS-08: the app container (first) is essential; so at least one is.
  if (containers[0]!.essential === false)
    add("ECS-08", "containerDefinitions[0]", "the app container must be essential");

  containers.forEach((c, index) => {
    const at = `containerDefinitions[${index}] (${String(c.name)})`;
    const says = (rule: string, msg: string) => add(rule, at, msg);
    const mr = num(c.memoryReservation);
    if (mr !== undefined && num(c.memory) !== undefined && mr > num(c.memory)!)
      says("ECS-03", `memoryReservation ${mr} > memory ${String(c.memory)}`);
    // ECS-04 / ECS-20: tcp, hostPort absent or equal (awsvpc), unprivileged port.
    for (const pm of Array.isArray(c.portMappings) ? c.portMappings.filter(isRecord) : []) {
      const port = pm.containerPort;
      if (typeof port !== "number" || !Number.isInteger(port) || port < 1024 || port > 65535)
        says("ECS-04", `containerPort ${JSON.stringify(port)} must be 1024..65535 (non-root, ECS-20)`);
      if (pm.protocol !== "tcp") says("ECS-04", `portMapping protocol ${JSON.stringify(pm.protocol)}, must be "tcp"`);
      if (pm.hostPort !== undefined && pm.hostPort !== port)
        says("ECS-04", `hostPort ${String(pm.hostPort)} differs from containerPort (awsvpc)`);
    }
    // ECS-05: secrets by reference only; nothing secret in environment.
    for (const s of Array.isArray(c.secrets) ? c.secrets.filter(isRecord) : []) {
      const from = String(s.valueFrom);
      if (!s.name) says("ECS-05", "a secret without name");
      if (!(SSM_VALUE_FROM.test(from) && !from.includes("//")) && !SECRETS_MANAGER_VALUE_FROM.test(from))
        says(
          "ECS-05",
          `secret ${String(s.name)} valueFrom ${JSON.stringify(from)} is not an SSM parameter or Secrets Manager ARN`,
        );
    }
    for (const e of Array.isArray(c.environment) ? c.environment.filter(isRecord) : []) {
      const [name, value] = [String(e.name), String(e.value ?? "")];
      if (isSecretName(name)) says("ECS-05", `environment ${name} holds a secret; move it to secrets`);
      else if (CREDENTIAL_VALUE.test(value)) says("ECS-05", `environment ${name} carries a credential in its value`);
    }
    if (c.environmentFiles !== undefined) says("ECS-05", "environmentFiles bypass secrets; use secrets");
    // ECS-07: awslogs with group, region and stream prefix; no self-created (never-expiring) groups.
    const log = isRecord(c.logConfiguration) ? c.logConfiguration : undefined;
    const options = isRecord(log?.options) ? log.options : {};
    if (log?.logDriver !== "awslogs")
      says("ECS-07", `logDriver is ${JSON.stringify(log?.logDriver)}, must be "awslogs"`);
    else {
      for (const key of ["awslogs-group", "awslogs-region", "awslogs-stream-prefix"])
        if (typeof options[key] !== "string" || options[key] === "")
          says("ECS-07", `logConfiguration.options lacks ${key}`);
      if (options["awslogs-create-group"] === "true")
        says("ECS-07", "awslogs-create-group: the group comes from Terraform with retention (TF-LOG-01)");
    }
    // ECS-09 (app container): an ECR URI with a tag. A sidecar: an ECR URI too, or another registry's image pinned
    // by digest (a mutable tag could change under a running service, and is one more registry to reach).
    const image = String(c.image ?? "");
    if (index === 0 && !ECR_IMAGE.test(image))
      says("ECS-09", `image ${JSON.stringify(image)} is not an ECR URI with a tag`);
    if (index > 0 && !ECR_IMAGE.test(image) && !/@sha256:[0-9a-f]{64}$/.test(image))
      says("ECS-09", `sidecar image ${JSON.stringify(image)} is neither from ECR nor pinned by digest`);
    // ECS-14: a sidecar starts after the app; HEALTHY only on a container with a healthCheck.
    const deps = Array.isArray(c.dependsOn) ? c.dependsOn.filter(isRecord) : [];
    if (index > 0 && deps.length === 0) says("ECS-14", "sidecar without dependsOn");
    for (const d of deps) {
      const target = containers.find((x) => x.name === d.containerName);
      if (!target || d.containerName === c.name)
        says("ECS-14", `dependsOn ${JSON.stringify(d.containerName)} is not another container`);
      if (!["START", "HEALTHY", "COMPLETE", "SUCCESS"].includes(String(d.condition)))
        says("ECS-14", `dependsOn condition ${JSON.stringify(d.condition)}`);
      if (d.condition === "HEALTHY" && target && !isRecord(target.healthCheck))
        says("ECS-14", `dependsOn ${String(d.containerName)} HEALTHY, but it has no healthCheck`);
    }
    // ECS-16: the app container runs an init process (ECS Exec's agent leaves no zombies); we always set it.
    const linux = isRecord(c.linuxParameters) ? c.linuxParameters : {};
    if (index === 0 && linux.initProcessEnabled !== true)
      says("ECS-16", "linuxParameters.initProcessEnabled is not true");
    // ECS-18: nothing privileged or root.
    if (c.privileged === true) says("ECS-18", "privileged: true");
    if (typeof c.user === "string" && /^(root|0)(:.*)?$/.test(c.user))
      says("ECS-18", `user ${JSON.stringify(c.user)} is root`);
    // ECS-13 / ECS-17: Fargate caps stopTimeout at 120 s; a Sidekiq worker outlives its 25 s shutdown and has no ports.
    const stop = c.stopTimeout;
    if (stop !== undefined && (typeof stop !== "number" || stop < 0 || stop > 120))
      says("ECS-17", `stopTimeout ${JSON.stringify(stop)} (0..120)`);
    const command = Array.isArray(c.command) ? c.command.join(" ") : "";
    if (/\bsidekiq\b/.test(command)) {
      if (typeof stop !== "number" || stop <= 25)
        says("ECS-13", `stopTimeout ${JSON.stringify(stop)} must exceed Sidekiq's 25 s`);
      if (Array.isArray(c.portMappings) && c.portMappings.length > 0)
        says("ECS-13", "a Sidekiq worker has no portMappings");
    }
  });
  if (new Set(names).size !== names.length)
    add("ECS-01", "containerDefinitions", `duplicate container names ${names.join(", ")}`);
  return out;
}
