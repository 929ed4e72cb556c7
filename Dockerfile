# One image for all four services; choose one with APP (job-writer, outbox-relay, indexer, gateway).
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NX_DAEMON=false
COPY package.json package-lock.json nx.json tsconfig*.json ./
COPY apps apps
COPY libs libs
COPY migrations migrations
# Libs and migrations are npm workspaces: npm ci links them under node_modules/@jobstream, and
# each one's package.json points at its build output, so the built apps find them at run time.
RUN npm ci --no-audit --no-fund && npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/libs libs
COPY --from=build /app/migrations migrations
USER node
CMD ["sh", "-c", "exec node dist/apps/${APP}/src/main.js"]
