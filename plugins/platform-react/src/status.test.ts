import { checkStatus, healthStatus, statusColors } from './status';

describe('status helpers', () => {
  it('maps a health verdict to a status', () => {
    expect(healthStatus('healthy')).toBe('ok');
    expect(healthStatus('unhealthy')).toBe('critical');
    expect(healthStatus('unknown')).toBe('unknown');
  });

  it('maps a check result to a status', () => {
    expect(checkStatus('pass')).toBe('ok');
    expect(checkStatus('fail')).toBe('critical');
  });

  it('has one colour per status', () => {
    expect(Object.keys(statusColors).sort()).toEqual([
      'critical',
      'ok',
      'unknown',
      'warning',
    ]);
  });
});
