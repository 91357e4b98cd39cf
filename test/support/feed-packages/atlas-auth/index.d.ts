export function sign(payload: object, secret: string): string;
export function verify<T = Record<string, unknown>>(token: string, secret: string): T | null;
