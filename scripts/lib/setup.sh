# Sourced by scripts/demo and scripts/test: install what is missing, nothing more.

export UV_PYTHON_DOWNLOADS=never

ensure_python_env() {
    # uv from PyPI if the machine lacks it; then the locked packages into .venv.
    if ! command -v uv >/dev/null 2>&1; then
        python3 -m pip install --quiet uv
    fi
    if [ ! -x .venv/bin/python ]; then
        uv venv --quiet --python python3 .venv
    fi
    # Bytecode now: uv leaves it to the first import, and where PYTHONDONTWRITEBYTECODE is set
    # every process would compile numpy, numba and py-ard again (2 s of a cold donor search).
    uv pip sync --quiet --compile-bytecode --python .venv/bin/python --require-hashes requirements.lock
    uv pip install --quiet --python .venv/bin/python --no-deps --editable .
}

ensure_chromium() {
    if [ ! -x /usr/bin/chromium ]; then
        echo "Installing Chromium from Debian's packages for the browser tests..."
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
    fi
}

ensure_axe_core() {
    local wanted
    wanted=$(python3 -c 'import json; print(json.load(open("package.json"))["dependencies"]["axe-core"])')
    if [ ! -f node_modules/axe-core/axe.min.js ] \
        || [ "$(python3 -c 'import json; print(json.load(open("node_modules/axe-core/package.json"))["version"])')" != "$wanted" ]; then
        npm install --no-package-lock --no-audit --no-fund --silent
    fi
}
