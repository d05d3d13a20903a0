import { describe, expect, it } from 'vitest';
import { routeTemplate } from '../../src/core/routeTemplate.js';

describe('routeTemplate', () => {
  it.each([
    ['/users/42', '/users/{id}'],
    ['/users/42/orders/7', '/users/{id}/orders/{id}'],
    ['/executions/3f2b8c1e-9a4d-4c2b-8e1f-0a1b2c3d4e5f', '/executions/{uuid}'],
    ['/objects/507f1f77bcf86cd799439011', '/objects/{hex}'],
    ['/reset/eyJhbGciOiJIUzI1NiJ9abc123def456', '/reset/{token}'],
    ['/users/alice@example.com/avatar', '/users/{value}/avatar'],
    ['/hosts/10.0.0.5', '/hosts/{value}'],
    ['/search?q=secret&page=2', '/search'],
    ['/docs#section-3', '/docs'],
    ['/users/:id', '/users/:id'],
    ['/users/{userId}/posts', '/users/{userId}/posts'],
    ['/tasks/poll/batch/image_resize', '/tasks/poll/batch/image_resize'],
    ['/api/v1/health', '/api/v1/health'],
    ['', '/'],
    ['/', '/'],
  ])('%s → %s', (raw, template) => {
    expect(routeTemplate(raw)).toBe(template);
  });

  it('keeps at most eight segments', () => {
    expect(routeTemplate('/a/b/c/d/e/f/g/h/i/j/k')).toBe('/a/b/c/d/e/f/g/h/{rest}');
  });

  it('keeps at most eight segments of a path of a million slashes, and templates a 1 MB segment', () => {
    expect(routeTemplate('/'.repeat(1_000_000))).toBe('/////////{rest}');
    expect(routeTemplate(`/blob/${'x'.repeat(1_000_000)}`)).toBe('/blob/{token}');
    expect(routeTemplate('/a/b/c/d/e/f/g/h')).toBe('/a/b/c/d/e/f/g/h');
    expect(routeTemplate('/a/b/c/d/e/f/g/h/i')).toBe('/a/b/c/d/e/f/g/h/{rest}');
  });

  it('maps 100 000 distinct raw paths of one route to one template', () => {
    const templates = new Set<string>();
    for (let i = 0; i < 100_000; i++) templates.add(routeTemplate(`/users/${i}/orders/${crypto.randomUUID()}`));
    expect([...templates]).toEqual(['/users/{id}/orders/{uuid}']);
  });
});
