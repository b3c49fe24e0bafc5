from django.db import models


class JobStatus(models.TextChoices):
    READING = "reading", "Reading the file"
    DRAFT = "draft", "Waiting for its column mapping"
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class JobOrigin(models.TextChoices):
    UPLOAD = "upload", "Upload"
    COMMAND = "command", "Command line"


class FileFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"
    JSONL = "jsonl", "JSON lines"
