// Valid Fargate task sizes (Linux). Source: docs/rules.md ECS-02, from
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html (checked 2026-11-22).
// 8 and 16 vCPU need platform version 1.4.0 or later, which is the default.

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

export const FARGATE_MEMORY_BY_CPU: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: [1024, 2048, 3072, 4096],
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

export function isValidFargateSize(cpu: number, memory: number): boolean {
  return FARGATE_MEMORY_BY_CPU[cpu]?.includes(memory) ?? false;
}

/** "512, 1024 or 2048" for short lists, "2048 to 8192 in steps of 1024" for long ones. */
export function describeAllowedMemory(cpu: number): string {
  const allowed = FARGATE_MEMORY_BY_CPU[cpu];
  if (!allowed) return "";
  if (allowed.length <= 4) return `${allowed.slice(0, -1).join(", ")} or ${allowed.at(-1)}`;
  const step = allowed[1]! - allowed[0]!;
  return `${allowed[0]} to ${allowed.at(-1)} in steps of ${step}`;
}

export const FARGATE_CPU_SIZES = Object.keys(FARGATE_MEMORY_BY_CPU).map(Number);
