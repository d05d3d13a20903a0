// @timedWith and @metrics.timed compiled as legacy decorators (experimentalDecorators with
// decorator metadata, as NestJS projects compile), on every recording setup.
import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { OperationMetrics, timedWith } from '../../../src/index.js';
import { recordingSetups } from '../../support/recordingSetups.js';

class PlanError extends Error {}

const MARK = 'test:mark';
/** A legacy method decorator that stores metadata on the function, as Nest's @Get() does. */
function marked(value: string): MethodDecorator {
  return (_target, _key, descriptor) => {
    Reflect.defineMetadata(MARK, value, descriptor.value as object);
  };
}

describe.each(recordingSetups())('legacy decorators, $name', (setup) => {
  it('measure calls, sync and async, success and failure, results and errors untouched', async () => {
    const recording = setup.start();
    const metrics = new OperationMetrics<'task_type'>({ ...recording, labels: ['task_type'] });
    class Planner {
      constructor(readonly ops: OperationMetrics<'task_type'>) {}
      @metrics.timed('intent_parsing')
      parse(text: string): string {
        return text.toUpperCase();
      }
      @timedWith((self: Planner) => self.ops, 'task_planning', { task_type: 'complex' })
      async plan(fail: boolean): Promise<string[]> {
        if (fail) throw new PlanError('no plan');
        return ['a', 'b'];
      }
    }
    const planner = new Planner(metrics);
    expect(planner.parse('hi')).toBe('HI');
    await expect(planner.plan(false)).resolves.toEqual(['a', 'b']);
    await expect(planner.plan(true)).rejects.toThrow(PlanError);
    const s = await recording.collect();
    expect(s.value('operation.total', { operation: 'intent_parsing', outcome: 'success' })).toBe(1);
    expect(s.value('operation.total', { operation: 'task_planning', outcome: 'success', task_type: 'complex' })).toBe(1);
    expect(s.value('operation.total', { operation: 'task_planning', outcome: 'failure', task_type: 'complex' })).toBe(1);
    expect(s.value('operation.errors.total', { operation: 'task_planning', error_type: 'PlanError' })).toBe(1);
  });
});

it('keeps the metadata other legacy decorators stored on the method, in either order', async () => {
  const recording = recordingSetups()[0]!.start();
  const metrics = new OperationMetrics(recording);
  class Controller {
    @marked('above')
    @metrics.timed('below')
    below(): number {
      return 1;
    }
    @metrics.timed('above')
    @marked('below')
    above(): number {
      return 2;
    }
  }
  const prototype = Controller.prototype;
  expect(Reflect.getMetadata(MARK, prototype.below)).toBe('above');
  expect(Reflect.getMetadata(MARK, prototype.above)).toBe('below');
  // emitDecoratorMetadata's own metadata, on the prototype, is untouched.
  expect(Reflect.getMetadata('design:returntype', prototype, 'above')).toBe(Number);
  expect(new Controller().above() + new Controller().below()).toBe(3);
  const s = await recording.collect();
  expect(s.value('operation.total', { operation: 'above', outcome: 'success' })).toBe(1);
  expect(s.value('operation.total', { operation: 'below', outcome: 'success' })).toBe(1);
});

it('runs the method unmeasured when the selector finds no metrics (not injected yet)', () => {
  class Late {
    ops: OperationMetrics | undefined;
    @timedWith((self: Late) => self.ops!, 'late')
    run(): string {
      return 'ran';
    }
  }
  expect(new Late().run()).toBe('ran');
});
