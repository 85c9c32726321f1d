/** Distances and a flat projection for the station maps (no tile server): the kiosk's, and the console's location picker. */

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

/** A flat map of a set of points: where a point is drawn, and which point a place on the map is. */
export interface MapFrame {
  project(point: LatLon): Projected;
  /** The inverse of project: the coordinates under a place on the map (a tap, a click). */
  unproject(place: Projected): LatLon;
}

/** Metres per degree of latitude, near enough everywhere. */
const METRES_PER_DEGREE = (Math.PI / 180) * EARTH_RADIUS_M;

/**
 * Equirectangular projection of the points into a width×height box with a margin, the
 * points centred; fine at city scale, where the earth's curvature does not show. The box
 * spans at least `minSpanMetres` (0: the points' own extent), so one station alone still
 * has a neighbourhood around it to be moved within.
 */
export function mapFrame(points: readonly LatLon[], width: number, height: number, margin: number, minSpanMetres = 0): MapFrame {
  const meanLat = points.length === 0 ? 0 : points.reduce((sum, p) => sum + p.lat, 0) / points.length;
  const cos = Math.cos(toRadians(meanLat));
  const xs = points.map((p) => p.lon * cos);
  const ys = points.map((p) => -p.lat);
  const minX = Math.min(...xs, Infinity);
  const minY = Math.min(...ys, Infinity);
  const extentX = points.length === 0 ? 0 : Math.max(...xs) - minX;
  const extentY = points.length === 0 ? 0 : Math.max(...ys) - minY;
  const span = Math.max(extentX, extentY, minSpanMetres / METRES_PER_DEGREE, 1e-6);
  const scale = Math.min(width, height) - 2 * margin;
  const offsetX = (width - scale * (extentX / span)) / 2;
  const offsetY = (height - scale * (extentY / span)) / 2;
  return {
    project: (p) => ({ x: offsetX + ((p.lon * cos - minX) / span) * scale, y: offsetY + ((-p.lat - minY) / span) * scale }),
    unproject: ({ x, y }) => ({ lat: -(((y - offsetY) / scale) * span + minY), lon: (((x - offsetX) / scale) * span + minX) / cos }),
  };
}

/** The points drawn into a width×height box with a margin (mapFrame). */
export function projectToBox(points: readonly LatLon[], width: number, height: number, margin: number): Projected[] {
  if (points.length === 0) return [];
  const frame = mapFrame(points, width, height, margin);
  return points.map((p) => frame.project(p));
}

/** A directions link any phone opens: geo URI (RFC 5870). */
export function directionsUri(location: LatLon): string {
  return `geo:${location.lat.toFixed(6)},${location.lon.toFixed(6)}`;
}
