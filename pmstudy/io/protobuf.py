"""Just enough of the protobuf wire format to read and write Anki's schema-18 blobs.

Anki stores deck, note-type, template and preset definitions as protobuf messages (and its
media list as one).  pmstudy needs a handful of their fields; decoding the wire format by hand
keeps the ``protobuf`` package (and Anki's .proto files) out of the dependencies.
"""

from __future__ import annotations

import struct
from collections import defaultdict

VARINT, I64, LEN, I32 = 0, 1, 2, 5


class ProtobufError(ValueError):
    """A blob is not a valid protobuf message."""


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = 0
    shift = 0
    while True:
        if pos >= len(data):
            raise ProtobufError("truncated varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7
        if shift > 63:
            raise ProtobufError("varint longer than 10 bytes")


class Message:
    """A decoded message: field number -> raw values (ints for varint/fixed, bytes for LEN)."""

    def __init__(self, data: bytes) -> None:
        self.fields: dict[int, list[tuple[int, int | bytes]]] = defaultdict(list)
        pos = 0
        while pos < len(data):
            key, pos = _varint(data, pos)
            number, wire = key >> 3, key & 7
            if number == 0:
                raise ProtobufError("field number 0")
            value: int | bytes
            if wire == VARINT:
                value, pos = _varint(data, pos)
            elif wire == I64:
                if pos + 8 > len(data):
                    raise ProtobufError("truncated fixed64")
                value = int.from_bytes(data[pos : pos + 8], "little")
                pos += 8
            elif wire == LEN:
                length, pos = _varint(data, pos)
                if pos + length > len(data):
                    raise ProtobufError("truncated length-delimited field")
                value = data[pos : pos + length]
                pos += length
            elif wire == I32:
                if pos + 4 > len(data):
                    raise ProtobufError("truncated fixed32")
                value = int.from_bytes(data[pos : pos + 4], "little")
                pos += 4
            else:
                raise ProtobufError(f"unsupported wire type {wire}")
            self.fields[number].append((wire, value))

    def has(self, number: int) -> bool:
        """Whether the field is present."""
        return number in self.fields

    def uint(self, number: int, default: int = 0) -> int:
        """Last value of a varint field (proto3 omits zeros, hence the default)."""
        values = [v for w, v in self.fields.get(number, []) if w == VARINT and isinstance(v, int)]
        return values[-1] if values else default

    def sint64(self, number: int, default: int = 0) -> int:
        """A two's-complement int64 field."""
        value = self.uint(number, default)
        return value - (1 << 64) if value >= 1 << 63 else value

    def float32(self, number: int, default: float = 0.0) -> float:
        """Last value of a ``float`` field."""
        values = [v for w, v in self.fields.get(number, []) if w == I32 and isinstance(v, int)]
        if not values:
            return default
        return float(struct.unpack("<f", values[-1].to_bytes(4, "little"))[0])

    def floats(self, number: int) -> list[float]:
        """A ``repeated float`` field, packed or not."""
        out: list[float] = []
        for wire, value in self.fields.get(number, []):
            if wire == LEN and isinstance(value, bytes):
                if len(value) % 4:
                    raise ProtobufError("packed float field of odd length")
                out.extend(struct.unpack(f"<{len(value) // 4}f", value))
            elif wire == I32 and isinstance(value, int):
                out.append(struct.unpack("<f", value.to_bytes(4, "little"))[0])
        return [float(v) for v in out]

    def raw(self, number: int) -> bytes | None:
        """Last value of a length-delimited field."""
        values = [v for w, v in self.fields.get(number, []) if w == LEN and isinstance(v, bytes)]
        return values[-1] if values else None

    def string(self, number: int, default: str = "") -> str:
        """A ``string`` field (invalid UTF-8 raises ProtobufError)."""
        value = self.raw(number)
        if value is None:
            return default
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProtobufError(f"field {number} is not valid UTF-8") from exc

    def message(self, number: int) -> Message | None:
        """An embedded message field."""
        value = self.raw(number)
        return None if value is None else Message(value)

    def messages(self, number: int) -> list[Message]:
        """A repeated embedded message field."""
        return [
            Message(v) for w, v in self.fields.get(number, []) if w == LEN and isinstance(v, bytes)
        ]


def encode_varint(value: int) -> bytes:
    """A varint (negative numbers as 64-bit two's complement)."""
    if value < 0:
        value += 1 << 64
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def field_varint(number: int, value: int) -> bytes:
    """One varint field."""
    return encode_varint(number << 3 | VARINT) + encode_varint(value)


def field_bytes(number: int, value: bytes) -> bytes:
    """One length-delimited field."""
    return encode_varint(number << 3 | LEN) + encode_varint(len(value)) + value
