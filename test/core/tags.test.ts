import { describe, expect, it } from 'vitest';
import { bootstrapTagList, bootstrapTags, notCreatedByRun, tagMap, tagsText } from '../../src/core/tags.js';

describe('the tags aws-bootstrap puts on what it creates', () => {
  it('marks the resource as managed and names the run', () => {
    expect(bootstrapTags('20261130101500123')).toEqual({ 'aws-bootstrap:managed': 'true', 'aws-bootstrap:run': '20261130101500123' });
    expect(bootstrapTagList('r1')).toEqual([{ Key: 'aws-bootstrap:managed', Value: 'true' }, { Key: 'aws-bootstrap:run', Value: 'r1' }]);
    expect(tagsText(undefined)).toBe('aws-bootstrap:managed=true, aws-bootstrap:run=<this run>');
    expect(tagMap([{ Key: 'a', Value: '1' }, { key: 'b', value: '2' }])).toEqual({ a: '1', b: '2' });
  });

  it('undo touches only what carries the tag of the run that recorded creating it', () => {
    expect(notCreatedByRun(bootstrapTags('r1'), 'r1', 'the role R')).toBeUndefined();
    expect(notCreatedByRun({}, 'r1', 'the role R')).toBe('the role R was not created by this run: no aws-bootstrap:run tag');
    expect(notCreatedByRun(undefined, 'r1', 'the role R')).toBe('the role R was not created by this run: no aws-bootstrap:run tag');
    expect(notCreatedByRun(bootstrapTags('r2'), 'r1', 'the role R')).toBe('the role R was created by another run (aws-bootstrap:run=r2), not this one');
  });
});
