/** Distances and a flat projection for the offline station map (no tile server). */

export interface LatLon {
  lat: number;
  lon: number;
}

const EARTH_RADIUS_M = 6_371_000;
const toRadians = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance (haversine formula) in metres. */
export function distanceMetres(a: LatLon, b: LatLon): number {
  const dLat = toRadians(b.lat - a.lat);
  const dLon = toRadians(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(a.lat)) * Math.cos(toRadians(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface Projected {
  x: number;
  y: number;
}

/**
 * Equirectangular projection of the points into a width×height box with a margin;
 * fine at city scale, where the earth's curvature does not show.
 */
export function projectToBox(points: readonly LatLon[], width: number, height: number, margin: number): Projected[] {
  if (points.length === 0) return [];
  const meanLat = points.reduce((sum, p) => sum + p.lat, 0) / points.length;
  const xs = points.map((p) => p.lon * Math.cos(toRadians(meanLat)));
  const ys = points.map((p) => -p.lat);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const span = Math.max(Math.max(...xs) - minX, Math.max(...ys) - minY, 1e-6);
  const scale = Math.min(width, height) - 2 * margin;
  const offsetX = (width - scale * ((Math.max(...xs) - minX) / span)) / 2;
  const offsetY = (height - scale * ((Math.max(...ys) - minY) / span)) / 2;
  return xs.map((x, i) => ({ x: offsetX + ((x - minX) / span) * scale, y: offsetY + (((ys[i] ?? 0) - minY) / span) * scale }));
}

/** A directions link any phone opens: geo URI (RFC 5870). */
export function directionsUri(location: LatLon): string {
  return `geo:${location.lat.toFixed(6)},${location.lon.toFixed(6)}`;
}
