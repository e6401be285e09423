"""A tiny round-robin TCP balancer: each connection to the front port goes to the
next back port in turn, bytes copied both ways until either side closes.

    python -m cluster.balancer --port FRONT --to BACK [BACK ...]
"""

import argparse
import asyncio
import itertools

CHUNK = 64 * 1024


async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(CHUNK):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


def forwarder(ports):
    turns = itertools.cycle(ports)

    async def forward(client_reader, client_writer) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", next(turns))
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))

    return forward


async def serve(port: int, backs: list[int]) -> None:
    server = await asyncio.start_server(forwarder(backs), "127.0.0.1", port)
    async with server:
        await server.serve_forever()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m cluster.balancer")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--to", type=int, nargs="+", required=True)
    args = parser.parse_args(argv)
    asyncio.run(serve(args.port, args.to))


if __name__ == "__main__":
    main()
