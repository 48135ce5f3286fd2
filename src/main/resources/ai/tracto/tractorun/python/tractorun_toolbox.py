"""The tractorun toolbox for Python workers, with the Python tractorun's names.

Standard library only. The job's bootstrap serves the toolbox on a loopback endpoint whose
address (with a path naming this worker) is in TRACTORUN_TOOLBOX_URL; this module is a thin client of it. A script written
against the Python tractorun's toolbox needs only its import changed:

    from tractorun_toolbox import prepare_and_get_toolbox
    toolbox = prepare_and_get_toolbox()
    toolbox.coordinator.get_self_index()
    toolbox.checkpoint_manager.get_last_checkpoint()
"""
import http.client
import json
import os
import urllib.parse

__all__ = ["prepare_and_get_toolbox", "Toolbox", "Checkpoint", "ToolboxError"]

_CHUNK = 1 << 20


class ToolboxError(RuntimeError):
    """The toolbox endpoint answered with an error."""


class _Endpoint:
    def __init__(self, url):
        parsed = urllib.parse.urlparse(url)
        if parsed.scheme != "http" or not parsed.hostname:
            raise ToolboxError("TRACTORUN_TOOLBOX_URL must be http://host:port, got %r" % url)
        self._host, self._port = parsed.hostname, parsed.port
        self._prefix = parsed.path.rstrip("/")

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(self._host, self._port, timeout=None)
        connection.request(method, self._prefix + path, body=body, headers=headers or {})
        response = connection.getresponse()
        if response.status >= 400:
            message = response.read().decode("utf-8", "replace")
            connection.close()
            raise ToolboxError("%s %s failed (%d): %s" % (method, path, response.status, message))
        return connection, response

    def get_json(self, path):
        connection, response = self.request("GET", path)
        try:
            return json.loads(response.read() or b"null")
        finally:
            connection.close()

    def post_json(self, path, value):
        body = json.dumps(value).encode()
        connection, response = self.request(
            "POST", path, body, {"Content-Type": "application/json"})
        try:
            return json.loads(response.read() or b"null")
        finally:
            connection.close()

    def post_stream(self, path, value, headers):
        """Sends bytes, or a binary file object read in chunks, with chunked encoding."""
        if isinstance(value, (bytes, bytearray, memoryview)):
            body = bytes(value)
        else:
            # No Content-Length and no Transfer-Encoding header: http.client then chunk-encodes the
            # iterator itself (a Transfer-Encoding header given here would make it send the bytes raw).
            body = iter(lambda: value.read(_CHUNK), b"")
        connection, response = self.request("POST", path, body, headers)
        try:
            return json.loads(response.read() or b"null")
        finally:
            connection.close()


class Coordinator:
    def __init__(self, info):
        self._info = info

    def get_self_index(self):
        return self._info["self_index"]

    def get_total_peer_count(self):
        return self._info["peer_count"]

    def get_process_index(self):
        return self._info["process_index"]

    def get_node_index(self):
        return self._info["node_index"]

    def get_incarnation_id(self):
        return self._info["incarnation_id"]

    def is_primary(self):
        return self._info["self_index"] == 0

    def get_primary_endpoint(self):
        return self._info["primary_endpoint"]

    def get_self_endpoint(self):
        return self._info["self_endpoint"]


class Checkpoint:
    """A saved checkpoint: its index, its bytes and its metadata."""

    def __init__(self, index, value, metadata):
        self.index = index
        self.value = value
        self.metadata = metadata

    def __repr__(self):
        return "Checkpoint(index=%d, %d bytes, metadata=%r)" % (
            self.index, len(self.value), self.metadata)


class CheckpointManager:
    def __init__(self, endpoint):
        self._endpoint = endpoint

    def get_last_checkpoint(self):
        """The latest fully written checkpoint, or None."""
        connection, response = self._endpoint.request("GET", "/checkpoints/last")
        try:
            if response.status == 204:
                return None
            index = int(response.getheader("X-Checkpoint-Index"))
            metadata = json.loads(response.getheader("X-Checkpoint-Metadata") or "{}")
            return Checkpoint(index, response.read(), metadata)
        finally:
            connection.close()

    def save_checkpoint(self, value, metadata=None):
        """Saves bytes or a binary file object; returns the new checkpoint's index."""
        headers = {"X-Checkpoint-Metadata": json.dumps(metadata or {})}
        return self._endpoint.post_stream("/checkpoints", value, headers)["index"]


class DescriptionManager:
    def __init__(self, endpoint):
        self._endpoint = endpoint

    def set(self, description):
        """Shows a map on the operation page, under `extra`."""
        self._endpoint.post_json("/description", description)


class Toolbox:
    def __init__(self, endpoint):
        self._endpoint = endpoint
        self.coordinator = Coordinator(endpoint.get_json("/coordinator"))
        self.checkpoint_manager = CheckpointManager(endpoint)
        self.description_manager = DescriptionManager(endpoint)

    def get_user_config(self):
        return self._endpoint.get_json("/user_config")

    def save_model(self, value, metadata=None):
        """The primary saves a model under <yt_path>/models/<incarnation>."""
        headers = {"X-Model-Metadata": json.dumps(metadata or {})}
        return self._endpoint.post_stream("/models", value, headers)


def prepare_and_get_toolbox(backend=None):
    """The toolbox of this worker. `backend` is accepted for compatibility and ignored."""
    url = os.environ.get("TRACTORUN_TOOLBOX_URL")
    if not url:
        raise ToolboxError("TRACTORUN_TOOLBOX_URL is not set: run this script with tractorun")
    return Toolbox(_Endpoint(url))
