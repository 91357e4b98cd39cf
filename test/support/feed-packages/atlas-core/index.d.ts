export interface ServiceInfo {
  service: string;
  node: string;
  uptimeSeconds: number;
}
export interface HealthReport extends ServiceInfo {
  status: "ok" | "degraded";
  checks: Record<string, string>;
}
export function serviceInfo(name: string): ServiceInfo;
export function healthReport(name: string, checks?: Record<string, string>): HealthReport;
