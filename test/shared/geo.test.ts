import { describe, expect, it } from 'vitest';
import { directionsUri, distanceMetres, mapFrame, projectToBox } from '../../shared/geo.ts';

describe('geo', () => {
  it('measures great-circle distances', () => {
    // One degree of latitude is about 111.2 km everywhere.
    expect(distanceMetres({ lat: 30, lon: 120 }, { lat: 31, lon: 120 })).toBeCloseTo(111_195, -2);
    expect(distanceMetres({ lat: 30.2587, lon: 120.1517 }, { lat: 30.2587, lon: 120.1517 })).toBe(0);
  });

  it('projects points inside the box, keeping north up and east right', () => {
    const [west, east, north] = projectToBox(
      [
        { lat: 30.25, lon: 120.14 },
        { lat: 30.25, lon: 120.16 },
        { lat: 30.26, lon: 120.15 },
      ],
      600,
      400,
      40,
    );
    for (const p of [west!, east!, north!]) {
      expect(p.x).toBeGreaterThanOrEqual(40);
      expect(p.x).toBeLessThanOrEqual(560);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeLessThanOrEqual(400);
    }
    expect(east!.x).toBeGreaterThan(west!.x);
    expect(north!.y).toBeLessThan(west!.y);
  });

  it('handles a single point and an empty list', () => {
    expect(projectToBox([], 100, 100, 10)).toEqual([]);
    const [only] = projectToBox([{ lat: 1, lon: 2 }], 100, 100, 10);
    expect(Number.isFinite(only!.x) && Number.isFinite(only!.y)).toBe(true);
    // Nothing to spread over: the one point sits in the middle of the box, whatever its shape.
    expect(only).toEqual({ x: 50, y: 50 });
    expect(projectToBox([{ lat: 30.2587, lon: 120.1517 }], 600, 400, 40)).toEqual([{ x: 300, y: 200 }]);
  });

  it('writes a geo: URI for the directions QR', () => {
    expect(directionsUri({ lat: 30.2587, lon: 120.1517 })).toBe('geo:30.258700,120.151700');
  });
});

describe('map frame', () => {
  const stations = [
    { lat: 30.25, lon: 120.14 },
    { lat: 30.25, lon: 120.16 },
    { lat: 30.26, lon: 120.15 },
  ];

  it('finds the coordinates under a place on the map: unproject undoes project', () => {
    const frame = mapFrame(stations, 600, 400, 40);
    for (const point of [...stations, { lat: 30.255, lon: 120.145 }]) {
      const back = frame.unproject(frame.project(point));
      expect(distanceMetres(back, point)).toBeLessThan(0.01);
    }
    // The middle of the box is the middle of the points' extent.
    const middle = frame.unproject({ x: 300, y: 200 });
    expect(middle.lat).toBeCloseTo(30.255, 6);
    expect(middle.lon).toBeCloseTo(120.15, 6);
  });

  it('gives one station a neighbourhood of at least the minimum span', () => {
    const [only] = stations;
    const frame = mapFrame([only!], 400, 400, 20, 2_000);
    expect(frame.project(only!)).toEqual({ x: 200, y: 200 });
    // From the centre to the margin is half the span: about a kilometre.
    const edge = frame.unproject({ x: 200, y: 20 });
    expect(distanceMetres(edge, only!)).toBeCloseTo(1_000, -1);
    expect(edge.lat).toBeGreaterThan(only!.lat);
  });
});
