"""The add-in manifest as Excel and the Microsoft 365 admin centre fetch it, for every
environment, with and without Entra ID sign-in: valid against Microsoft's XSDs (the
offline validator in ../shared/reference/office-addin-manifest-xsd/), the namespace
Excel will use shown in the task pane, a Swedish support page and task pane."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("xlwings_server", reason="the [server] extra is not installed")
pytest.importorskip("lxml", reason="the validator needs lxml (extra [test])")
if sys.version_info < (3, 11):
    pytest.skip("xlwings Server needs Python 3.11", allow_module_level=True)

import defusedxml.ElementTree as ET  # noqa: E402
import httpx  # noqa: E402
from lxml import html as lxml_html  # noqa: E402

from tests.conftest import REPO  # noqa: E402
from tests.officejs import running_server  # noqa: E402

VALIDATOR = REPO.parent / "shared" / "reference" / "office-addin-manifest-xsd" / "validate_manifest.py"
NS = {
    "o": "http://schemas.microsoft.com/office/appforoffice/1.1",
    "v": "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
    "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
CLIENT_ID = "0b7c2a41-6e5d-4f38-9a21-7c3e5d9f1b24"
HOST = "prognos.kommun.example"
ENTRAID = {
    "XLWINGS_AUTH_PROVIDERS": '["entraid"]',
    "XLWINGS_AUTH_ENTRAID_CLIENT_ID": CLIENT_ID,
    "XLWINGS_AUTH_ENTRAID_TENANT_ID": "5f1d2c3b-4a59-4e6f-8d7c-9b0a1e2f3c4d",
}
NAMESPACE = {"prod": "PROGNOS", "qa": "PROGNOS_QA", "dev": "PROGNOS_DEV"}


def validate(path: Path) -> subprocess.CompletedProcess:
    if not VALIDATOR.is_file():
        pytest.fail(f"{VALIDATOR} saknas: ../shared ska ligga bredvid utcheckningen")
    return subprocess.run([sys.executable, str(VALIDATOR), str(path)], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("auth", [False, True], ids=["utan-inloggning", "entraid"])
@pytest.mark.parametrize("environment", ["prod", "qa", "dev"])
def test_manifest_validates_for_every_environment(environment, auth, tmp_path):
    env = {"XLWINGS_ENVIRONMENT": environment, "XLWINGS_HOSTNAME": HOST}
    if auth:
        env.update(ENTRAID)
    with running_server(env) as url, httpx.Client(base_url=url, timeout=60) as client:
        # exactly what Excel / the admin centre download
        response = client.get("/manifest.xml")
        assert response.status_code == 200
        download = client.get("/manifest/download")
        assert download.content == response.content
        assert f"prognos-{environment}.xml" in download.headers["content-disposition"]
        manifest = tmp_path / f"prognos-{environment}.xml"
        manifest.write_bytes(response.content)
        taskpane = client.get("/prognos/aktivitetsfonster.html")
        support = client.get("/prognos/hjalp.html")

    result = validate(manifest)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == "valid"

    root = ET.fromstring(response.content)
    strings = {s.get("id"): s.get("DefaultValue") for s in root.iterfind(".//bt:String", NS)}
    namespace = root.find(".//v:ExtensionPoint[@xsi:type='CustomFunctions']/v:Namespace", NS)
    assert strings[namespace.get("resid")] == NAMESPACE[environment]
    suffix = "" if environment == "prod" else f" [{environment}]"
    assert root.find("o:DisplayName", NS).get("DefaultValue") == f"Prognos{suffix}"
    urls = {u.get("id"): u.get("DefaultValue") for u in root.iterfind(".//bt:Url", NS)}
    assert urls["Taskpane.Url"] == f"https://{HOST}/prognos/aktivitetsfonster.html"
    assert root.find("o:SupportUrl", NS).get("DefaultValue") == f"https://{HOST}/prognos/hjalp.html"
    info = root.find(".//v:WebApplicationInfo", NS)
    if auth:
        assert info.findtext("v:Id", namespaces=NS) == CLIENT_ID
        assert info.findtext("v:Resource", namespaces=NS) == f"api://{HOST}/{CLIENT_ID}"
    else:
        assert info is None

    # the task pane: Swedish, and it shows the namespace Excel uses in this environment
    assert taskpane.status_code == 200
    page = lxml_html.fromstring(taskpane.content)
    assert page.get("lang") == "sv"
    assert page.findtext(".//title").startswith("Prognos")
    assert "Task pane" not in taskpane.text
    assert page.find(".//main").get("data-prognos-namnrymd") == NAMESPACE[environment]
    assert f"={NAMESPACE[environment]}.AVVIKELSE(" in page.text_content()

    # the support page: the economists' guide, public (no sign-in), Swedish
    assert support.status_code == 200 and support.headers["content-type"].startswith("text/html")
    guide = lxml_html.fromstring(support.content)
    assert guide.get("lang") == "sv"
    assert guide.findtext(".//h1") == "Prognos – guide för ekonomer"
    assert "Uppdatera" in guide.text_content()


def test_invalid_manifest_is_caught_by_the_validator(tmp_path):
    # The validator really rejects what Office rejects: a resource id of 33 characters.
    with running_server({"XLWINGS_HOSTNAME": HOST}) as url:
        text = httpx.get(url + "/manifest.xml").text
    bad = tmp_path / "fel.xml"
    bad.write_text(
        text.replace('id="Prognos.Fonster.Tooltip"', 'id="Prognos.Aktivitetsfonster.Tooltip"').replace(
            'resid="Prognos.Fonster.Tooltip"', 'resid="Prognos.Aktivitetsfonster.Tooltip"'
        ),
        encoding="utf-8",
    )
    result = validate(bad)
    assert result.returncode == 1
    assert "maxLength" in result.stdout and "Prognos.Aktivitetsfonster.Tooltip" in result.stdout


def test_icons_from_a_public_address(tmp_path):
    # A server on the private network: the admin centre fetches the icons from elsewhere.
    public = "https://www.kommun.example/prognos-ikoner/"
    with running_server({"XLWINGS_HOSTNAME": HOST, "XLWINGS_ICONS_URL": public}) as url:
        response = httpx.get(url + "/manifest.xml")
    manifest = tmp_path / "prognos-prod.xml"
    manifest.write_bytes(response.content)
    assert validate(manifest).returncode == 0
    root = ET.fromstring(response.content)
    urls = [
        root.find("o:IconUrl", NS).get("DefaultValue"),
        root.find("o:HighResolutionIconUrl", NS).get("DefaultValue"),
    ]
    urls += [i.get("DefaultValue") for i in root.iterfind(".//bt:Image", NS) if i.get("DefaultValue")]
    assert len(urls) == 23 and all(u.startswith(public + "prognos-") and u.endswith(".png") for u in urls)
    icons = REPO / "addin" / "static" / "images" / "icons"
    assert all((icons / u.rsplit("/", 1)[1]).is_file() for u in urls)  # the files IT copies there
