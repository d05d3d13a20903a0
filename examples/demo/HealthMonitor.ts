// Periodic health checks of the demo's (simulated) dependencies.
import type { HealthMetrics, HealthStatus } from '../../src/index.js';
import { logNormal, rare, sleep } from './random.js';

const DEPENDENCIES = ['mongodb', 'redis', 'kafka'] as const;

export class HealthMonitor {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly health: HealthMetrics, private readonly intervalSeconds: number) {}

  start(): void {
    const run = () => void this.checkAll();
    run();
    this.timer = setInterval(run, this.intervalSeconds * 1000);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async checkAll(): Promise<void> {
    for (const dependency of DEPENDENCIES) {
      const status = await this.health.measureCheck(dependency, async (): Promise<HealthStatus> => {
        await sleep(logNormal(0.002, 0.6));
        if (rare('dependency unreachable', 0.01)) throw new Error(`${dependency} unreachable`);
        return rare('dependency degraded', 0.03) ? 'degraded' : 'healthy';
      });
      this.health.setDependencyStatus({ dependency, up: status !== 'unhealthy' });
    }
    await this.health.measureCheck('self', () => true);
  }
}
