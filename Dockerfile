# One image for all four services; choose one with APP (job-writer, outbox-relay, indexer, gateway).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig*.json ./
COPY apps apps
COPY libs libs
COPY migrations migrations
# The swagger CLI plugin, run inside the TypeScript build (see tsconfig.build.json).
COPY scripts/swagger-transformer.cjs scripts/
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
USER node
CMD ["sh", "-c", "exec node dist/apps/${APP}/src/main.js"]
