import { Problem } from '../common/api';
import {
  fieldOf, fromView, hasFindings, isLocked, oneIn, purposesFor, serverErrors, toggleClaim, toggleMethod, toRequest, validate,
  type PolicyForm, type PolicyView,
} from './policyForm';

const view = (over: Partial<PolicyView> = {}): PolicyView => ({
  siteId: 's', methods: ['PIN', 'QR', 'CARD', 'GUARD'], faceClaimTypes: [], verificationPurpose: null, identificationPurpose: null,
  livenessRequired: false, livenessThreshold: 0.5,
  targetFar: 0.001, matchThreshold: 0.2971, modelPack: 'faceplugin-0.0.1:0.0.1', faceAttemptsBeforeFallback: 3,
  openingHours: [], updatedAt: '2026-11-27T08:00:00Z', ...over,
});
const FARS = [0.01, 0.001, 0.0001];

describe('policy form: face can never be the only way in', () => {
  it('locks the last non-biometric method and refuses to untick it', () => {
    let f = fromView(view());
    f = toggleMethod(toggleMethod(toggleMethod(f, 'PIN'), 'QR'), 'CARD');
    expect(f.methods).toEqual(['GUARD']);
    expect(isLocked(f, 'GUARD')).toBe(true);
    expect(toggleMethod(f, 'GUARD')).toBe(f);
    // with face ticked, the last alternative is still locked
    f = toggleMethod(toggleMethod(f, 'FACE_1_N'), 'FACE_1_1');
    expect(f.methods).toEqual(['FACE_1_1', 'FACE_1_N', 'GUARD']);
    expect(toggleMethod(f, 'GUARD').methods).toContain('GUARD');
    // another alternative unlocks it
    f = toggleMethod(f, 'PIN');
    expect(isLocked(f, 'GUARD')).toBe(false);
    expect(toggleMethod(f, 'GUARD').methods).toEqual(['FACE_1_1', 'FACE_1_N', 'PIN']);
  });

  it('never locks face methods or unticked methods', () => {
    const f = fromView(view({ methods: ['FACE_1_N', 'PIN'] }));
    expect(isLocked(f, 'FACE_1_N')).toBe(false);
    expect(isLocked(f, 'QR')).toBe(false);
    expect(toggleMethod(f, 'FACE_1_N').methods).toEqual(['PIN']);
  });

  it('flags a face-only policy coming from elsewhere', () => {
    const f: PolicyForm = { ...fromView(view()), methods: ['FACE_1_N'] };
    expect(validate(f, FARS).fields.methods).toBe('policy.err.noAlternative');
  });
});

describe('policy form: face settings', () => {
  it('turns liveness on when face is first ticked and drops claim types with 1:1', () => {
    let f = toggleMethod(fromView(view()), 'FACE_1_1');
    expect(f.livenessRequired).toBe(true);
    expect(validate(f, FARS).fields.faceClaimTypes).toBe('policy.err.claims');
    f = toggleClaim(toggleClaim(f, 'CARD'), 'SUBJECT_REF');
    expect(f.faceClaimTypes).toEqual(['SUBJECT_REF', 'CARD']);
    f = { ...f, verificationPurpose: 'gate' };
    expect(hasFindings(validate(f, FARS))).toBe(false);
    f = toggleMethod(f, 'FACE_1_1');
    expect(f.faceClaimTypes).toEqual([]);
    expect(f.verificationPurpose).toBe('');
  });

  it('needs the purpose each face method runs under, offering only purposes of its kind', () => {
    const purposes = [
      { code: 'gate', title: 'Gate', kind: 'FACE_VERIFICATION' }, { code: 'lobby', title: 'Lobby', kind: 'FACE_VERIFICATION' },
      { code: 'members', title: 'Members', kind: 'FACE_IDENTIFICATION' }, { code: 'mood', title: 'Mood', kind: 'ATTRIBUTE_ANALYSIS' },
    ];
    expect(purposesFor('FACE_1_1', purposes).map((p) => p.code)).toEqual(['gate', 'lobby']);
    expect(purposesFor('FACE_1_N', purposes).map((p) => p.code)).toEqual(['members']);
    let f = toggleMethod(fromView(view()), 'FACE_1_N');
    expect(validate(f, FARS).fields.identificationPurpose).toBe('policy.err.purpose');
    f = { ...f, identificationPurpose: 'members' };
    expect(validate(f, FARS).fields.identificationPurpose).toBeUndefined();
    expect(toRequest(f)).toMatchObject({ identificationPurpose: 'members' });
    expect(toRequest(f)).not.toHaveProperty('verificationPurpose');
    expect(toggleMethod(f, 'FACE_1_N').identificationPurpose).toBe('');
    // a migrated policy without a purpose reads as "not chosen"
    expect(fromView(view({ methods: ['FACE_1_N', 'PIN'], identificationPurpose: null })).identificationPurpose).toBe('');
    expect(fieldOf("verificationPurpose 'x' is not a live purpose of this tenant.")).toBe('verificationPurpose');
  });

  it('checks liveness threshold, calibrated FAR and attempts only when a face method is used', () => {
    const base = { ...toggleMethod(fromView(view()), 'FACE_1_N') };
    expect(validate({ ...base, livenessThreshold: '1.2' }, FARS).fields.livenessThreshold).toBe('policy.err.liveness');
    expect(validate({ ...base, livenessThreshold: 'abc' }, FARS).fields.livenessThreshold).toBe('policy.err.liveness');
    expect(validate({ ...base, livenessThreshold: '0.7' }, FARS).fields.livenessThreshold).toBeUndefined();
    expect(validate({ ...base, targetFar: 0.00001 }, FARS).fields.targetFar).toBe('policy.err.far');
    expect(validate({ ...base, faceAttemptsBeforeFallback: '0' }, FARS).fields.faceAttemptsBeforeFallback).toBe('policy.err.attempts');
    expect(validate({ ...base, faceAttemptsBeforeFallback: '2.5' }, FARS).fields.faceAttemptsBeforeFallback).toBe('policy.err.attempts');
    expect(validate({ ...base, faceAttemptsBeforeFallback: '11' }, FARS).fields.faceAttemptsBeforeFallback).toBe('policy.err.attempts');
    const noFace = fromView(view());
    expect(validate({ ...noFace, livenessThreshold: '9', faceAttemptsBeforeFallback: '0', targetFar: 0.5 }, FARS).fields).toEqual({});
  });

  it('checks opening windows one by one', () => {
    const f: PolicyForm = {
      ...fromView(view()),
      openingHours: [
        { days: ['MONDAY'], from: '08:00', to: '18:00' },
        { days: [], from: '08:00', to: '18:00' },
        { days: ['SUNDAY'], from: '22:00', to: '06:00' },
      ],
    };
    expect(validate(f, FARS).windows).toEqual({ 1: 'policy.err.windowDays', 2: 'policy.err.windowOrder' });
  });
});

describe('policy form: to and from the api', () => {
  it('reads the server view (times without seconds, methods in a stable order)', () => {
    const f = fromView(view({
      methods: ['GUARD', 'FACE_1_1', 'PIN'], faceClaimTypes: ['CARD', 'SUBJECT_REF'],
      openingHours: [{ days: ['TUESDAY', 'MONDAY'], from: '07:30:00', to: '19:00:00' }],
    }));
    expect(f.methods).toEqual(['FACE_1_1', 'PIN', 'GUARD']);
    expect(f.faceClaimTypes).toEqual(['SUBJECT_REF', 'CARD']);
    expect(f.openingHours).toEqual([{ days: ['MONDAY', 'TUESDAY'], from: '07:30', to: '19:00' }]);
  });

  it('sends face settings only with a face method', () => {
    expect(toRequest(fromView(view()))).toEqual({ methods: ['PIN', 'QR', 'CARD', 'GUARD'], faceClaimTypes: [], livenessRequired: false, openingHours: [] });
    const f = toggleClaim(toggleMethod(fromView(view({ livenessThreshold: 0.6 })), 'FACE_1_1'), 'QR');
    expect(toRequest({ ...f, faceAttemptsBeforeFallback: '4', verificationPurpose: 'gate' })).toEqual({
      methods: ['FACE_1_1', 'PIN', 'QR', 'CARD', 'GUARD'], faceClaimTypes: ['QR'], verificationPurpose: 'gate', livenessRequired: true,
      livenessThreshold: 0.6, targetFar: 0.001, faceAttemptsBeforeFallback: 4, openingHours: [],
    });
  });

  it('places the server’s policy_invalid sentence next to the field it names', () => {
    const faceOnly = new Problem(400, 'policy_invalid',
      'Face is the only way in under this policy; add at least one of PIN, QR, CARD or GUARD so that people who refuse face processing, or whose face cannot be verified, can still enter.');
    expect(Object.keys(serverErrors(faceOnly))).toEqual(['methods']);
    expect(serverErrors(new Problem(400, 'policy_invalid', 'targetFar 1.0E-5 is stricter than the model pack x was calibrated for')).targetFar)
      .toContain('stricter');
    expect(fieldOf('An opening window must end after it starts')).toBe('openingHours');
    expect(fieldOf('FACE_1_1 compares a face with one claimed person, so faceClaimTypes must name how')).toBe('faceClaimTypes');
    expect(serverErrors(new Problem(409, 'conflict', 'Something else'))).toEqual({ form: 'Something else' });
  });

  it('places field errors of validation_failed and invalid_value', () => {
    const p = new Problem(400, 'invalid_value', "The field 'openingHours[0].from' has the wrong value or type.", {
      code: 'invalid_value', errors: [{ field: 'openingHours[0].from', message: 'has the wrong value or type.' }],
    });
    expect(serverErrors(p)).toEqual({ openingHours: 'openingHours[0].from: has the wrong value or type.' });
    const v = new Problem(400, 'validation_failed', 'The request is invalid: methods must not be empty.', {
      errors: [{ field: 'methods', message: 'must not be empty' }],
    });
    expect(serverErrors(v)).toEqual({ methods: 'methods: must not be empty' });
  });

  it('offers FARs as one in N', () => {
    expect(oneIn(0.001, 'en')).toBe('1,000');
    expect(oneIn(0.0001, 'zh')).toBe('10,000');
  });
});
