// Mali's boundaries as SVG, drawn on the server from the project's own TopoJSON (reference/), with no
// tile server: arcs are decoded once, projected (equirectangular, true to scale at 17°N), thinned
// to what shows at this size, and cached.
import { readFileSync } from 'node:fs';
import { getUnit } from '../../geo/admin.ts';

interface Geometry {
  type: 'Polygon' | 'MultiPolygon';
  id: string;
  arcs: number[][] | number[][][];
}
interface Topology {
  bbox: [number, number, number, number];
  transform: { scale: [number, number]; translate: [number, number] };
  arcs: [number, number][][];
  objects: Record<'regions' | 'cercles' | 'communes', { geometries: Geometry[] }>;
}

export const MAP_WIDTH = 800;
const MIN_STEP = 1.5; // px: closer points are dropped (the page shows the map at 800 px or less)

interface Geo {
  height: number;
  project(lon: number, lat: number): [number, number];
  arcs: [number, number][][];
  byId: Map<string, Geometry>;
  objects: Topology['objects'];
}

let geo: Geo | undefined;

function load(): Geo {
  const topo = JSON.parse(
    readFileSync(new URL('../../../reference/mali-boundaries.topo.json', import.meta.url), 'utf8'),
  ) as Topology;
  const [minLon, minLat, maxLon, maxLat] = topo.bbox;
  const kx = Math.cos((17 * Math.PI) / 180);
  const k = MAP_WIDTH / ((maxLon - minLon) * kx);
  const project = (lon: number, lat: number): [number, number] => [(lon - minLon) * kx * k, (maxLat - lat) * k];
  const { scale, translate } = topo.transform;
  const arcs = topo.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    const out: [number, number][] = [];
    arc.forEach(([dx, dy], i) => {
      x += dx;
      y += dy;
      const p = project(x * scale[0] + translate[0], y * scale[1] + translate[1]);
      const last = out[out.length - 1];
      // Ends always stay, so arcs still meet.
      if (!last || i === arc.length - 1 || Math.hypot(p[0] - last[0], p[1] - last[1]) >= MIN_STEP) out.push(p);
    });
    return out;
  });
  const byId = new Map<string, Geometry>();
  for (const o of Object.values(topo.objects)) for (const g of o.geometries) byId.set(g.id, g);
  return { height: Math.ceil((maxLat - minLat) * k), project, arcs, byId, objects: topo.objects };
}

function g(): Geo {
  return (geo ??= load());
}

function ringPoints(ring: number[]): [number, number][] {
  const pts: [number, number][] = [];
  for (const index of ring) {
    const arc = index < 0 ? [...g().arcs[~index]!].reverse() : g().arcs[index]!;
    pts.push(...(pts.length ? arc.slice(1) : arc));
  }
  return pts;
}

/** Absolute first point, then relative moves in whole pixels (half the bytes of absolute decimals). */
function line(pts: [number, number][]): string {
  const [x0, y0] = pts[0]!;
  let px = Math.round(x0);
  let py = Math.round(y0);
  let moves = '';
  for (const [x, y] of pts.slice(1)) {
    const rx = Math.round(x);
    const ry = Math.round(y);
    if (rx === px && ry === py) continue;
    moves += ` ${rx - px} ${ry - py}`;
    px = rx;
    py = ry;
  }
  // An arc shorter than a pixel has no move: a bare "l" would stop the browser drawing the whole path.
  return `M${Math.round(x0)} ${Math.round(y0)}${moves ? `l${moves.slice(1)}` : ''}`.replace(/ -/g, '-');
}

const unitPaths = new Map<string, string>();
/** The filled outline of one region, cercle or commune ('' when the P-code has no polygon). */
export function unitPath(pcode: string): string {
  let d = unitPaths.get(pcode);
  if (d === undefined) {
    const geom = g().byId.get(pcode);
    const polygons = !geom ? [] : geom.type === 'Polygon' ? [geom.arcs as number[][]] : (geom.arcs as number[][][]);
    d = polygons.flatMap((rings) => rings.map((r) => `${line(ringPoints(r))}Z`)).join('');
    unitPaths.set(pcode, d);
  }
  return d;
}

const meshes = new Map<string, string>();
/** Every boundary of one level, each shared border drawn once. */
export function mesh(level: 'regions' | 'cercles'): string {
  let d = meshes.get(level);
  if (d === undefined) {
    const used = new Set<number>();
    for (const geom of g().objects[level].geometries) {
      const rings = geom.type === 'Polygon' ? (geom.arcs as number[][]) : (geom.arcs as number[][][]).flat();
      for (const ring of rings) for (const i of ring) used.add(i < 0 ? ~i : i);
    }
    d = [...used]
      .sort((a, b) => a - b)
      .map((i) => line(g().arcs[i]!))
      .join('');
    meshes.set(level, d);
  }
  return d;
}

export function regionIds(): string[] {
  return g().objects.regions.geometries.map((r) => r.id);
}

export function mapHeight(): number {
  return g().height;
}

/** The point of a unit (its interior point from the reference table), projected. */
export function pointOf(pcode: string): [number, number] | null {
  const unit = getUnit(pcode);
  return unit ? g().project(unit.lon, unit.lat) : null;
}
