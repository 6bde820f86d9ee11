"""The config schema's fast check, compiled by fastjsonschema. Generated: do not edit.

Written by `python -m reconciler.config.write_compiled_check` from schemas/config.schema.json
(whose SHA-256 is SCHEMA_SHA256: validate.py uses `check` only while the shipped schema has it).
"""
# ruff: noqa
# mypy: ignore-errors
# fmt: off

SCHEMA_SHA256 = "f9ee6773ef881456c81cb3882ec622fc6144eed558c03652cba2078ef33bc6ef"

VERSION = "2.22.3"
from decimal import Decimal
import re
from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException


REGEX_PATTERNS = {
    '^[^\\u0000-\\u001f\\u007f-\\u009f]*$': re.compile('^[^\\u0000-\\u001f\\u007f-\\u009f]*\\Z'),
    '^#[0-9a-fA-F]{6}$': re.compile('^#[0-9a-fA-F]{6}\\Z')
}

NoneType = type(None)

def validate_https___toggl_reconciler_invalid_schemas_config_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['version', 'workspace']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "version" in data_keys:
            data_keys.remove("version")
            data__version = data["version"]
            if not (isinstance(data__version, (int, float)) and not isinstance(data__version, bool) and data__version == 1):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".version must be one of [1]")
        if "workspace" in data_keys:
            data_keys.remove("workspace")
            data__workspace = data["workspace"]
            if not isinstance(data__workspace, (int, str)) and not (isinstance(data__workspace, float) and data__workspace.is_integer()) or isinstance(data__workspace, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".workspace must be integer or string")
            if isinstance(data__workspace, str):
                data__workspace_len = len(data__workspace)
                if data__workspace_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".workspace must be longer than or equal to 1 characters")
                if data__workspace_len > 255:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".workspace must be shorter than or equal to 255 characters")
                if not REGEX_PATTERNS['^[^\\u0000-\\u001f\\u007f-\\u009f]*$'].search(data__workspace):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".workspace must match pattern ^[^\\u0000-\\u001f\\u007f-\\u009f]*$")
            if isinstance(data__workspace, (int, float, Decimal)) and not isinstance(data__workspace, bool):
                if data__workspace < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".workspace must be bigger than or equal to 1")
        if "unmanaged" in data_keys:
            data_keys.remove("unmanaged")
            data__unmanaged = data["unmanaged"]
            if not (isinstance(data__unmanaged, str) and data__unmanaged == 'ignore' or isinstance(data__unmanaged, str) and data__unmanaged == 'archive'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".unmanaged must be one of ['ignore', 'archive']")
        if "safety" in data_keys:
            data_keys.remove("safety")
            data__safety = data["safety"]
            if not isinstance(data__safety, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".safety must be object")
            data__safety_is_dict = isinstance(data__safety, dict)
            if data__safety_is_dict:
                data__safety_keys = set(data__safety.keys())
                if "max_destructive_percent" in data__safety_keys:
                    data__safety_keys.remove("max_destructive_percent")
                    data__safety__maxdestructivepercent = data__safety["max_destructive_percent"]
                    if not isinstance(data__safety__maxdestructivepercent, (int, float, Decimal)) or isinstance(data__safety__maxdestructivepercent, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".safety.max_destructive_percent must be number")
                    if isinstance(data__safety__maxdestructivepercent, (int, float, Decimal)) and not isinstance(data__safety__maxdestructivepercent, bool):
                        if data__safety__maxdestructivepercent < 0:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".safety.max_destructive_percent must be bigger than or equal to 0")
                        if data__safety__maxdestructivepercent > 100:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".safety.max_destructive_percent must be smaller than or equal to 100")
                if data__safety_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".safety must not contain "+str(data__safety_keys)+" properties")
        if "clients" in data_keys:
            data_keys.remove("clients")
            data__clients = data["clients"]
            if not isinstance(data__clients, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients must be array")
            data__clients_is_list = isinstance(data__clients, (list, tuple))
            if data__clients_is_list:
                data__clients_len = len(data__clients)
                for data__clients_x, data__clients_item in enumerate(data__clients):
                    if not isinstance(data__clients_item, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}]".format(**locals()) + " must be object")
                    data__clients_item_is_dict = isinstance(data__clients_item, dict)
                    if data__clients_item_is_dict:
                        data__clients_item__missing_keys = set(['name']) - data__clients_item.keys()
                        if data__clients_item__missing_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}]".format(**locals()) + " must contain ")
                        data__clients_item_keys = set(data__clients_item.keys())
                        if "name" in data__clients_item_keys:
                            data__clients_item_keys.remove("name")
                            data__clients_item__name = data__clients_item["name"]
                            if not isinstance(data__clients_item__name, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].name".format(**locals()) + " must be string")
                            if isinstance(data__clients_item__name, str):
                                data__clients_item__name_len = len(data__clients_item__name)
                                if data__clients_item__name_len < 1:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].name".format(**locals()) + " must be longer than or equal to 1 characters")
                                if data__clients_item__name_len > 255:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].name".format(**locals()) + " must be shorter than or equal to 255 characters")
                                if not REGEX_PATTERNS['^[^\\u0000-\\u001f\\u007f-\\u009f]*$'].search(data__clients_item__name):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].name".format(**locals()) + " must match pattern ^[^\\u0000-\\u001f\\u007f-\\u009f]*$")
                                data__clients_item__name_len = len(data__clients_item__name)
                                if data__clients_item__name_len > 100:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].name".format(**locals()) + " must be shorter than or equal to 100 characters")
                        if "state" in data__clients_item_keys:
                            data__clients_item_keys.remove("state")
                            data__clients_item__state = data__clients_item["state"]
                            if not (isinstance(data__clients_item__state, str) and data__clients_item__state == 'active' or isinstance(data__clients_item__state, str) and data__clients_item__state == 'archived' or isinstance(data__clients_item__state, str) and data__clients_item__state == 'absent'):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].state".format(**locals()) + " must be one of ['active', 'archived', 'absent']")
                        if "previously" in data__clients_item_keys:
                            data__clients_item_keys.remove("previously")
                            data__clients_item__previously = data__clients_item["previously"]
                            if not isinstance(data__clients_item__previously, (str, list, tuple)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].previously".format(**locals()) + " must be string or array")
                            try:
                                if not isinstance(data__clients_item__previously, (list, tuple)):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].previously".format(**locals()) + " must be array")
                            except (JsonSchemaValueException, JsonSchemaValuesException):
                                if not isinstance(data__clients_item__previously, (str)):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].previously".format(**locals()) + " must be string")
                                if isinstance(data__clients_item__previously, str):
                                    data__clients_item__previously_len = len(data__clients_item__previously)
                                    if data__clients_item__previously_len < 1:
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].previously".format(**locals()) + " must be longer than or equal to 1 characters")
                                    if data__clients_item__previously_len > 255:
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].previously".format(**locals()) + " must be shorter than or equal to 255 characters")
                                    if not REGEX_PATTERNS['^[^\\u0000-\\u001f\\u007f-\\u009f]*$'].search(data__clients_item__previously):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].previously".format(**locals()) + " must match pattern ^[^\\u0000-\\u001f\\u007f-\\u009f]*$")
                                    data__clients_item__previously_len = len(data__clients_item__previously)
                                    if data__clients_item__previously_len > 100:
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].previously".format(**locals()) + " must be shorter than or equal to 100 characters")
                            else:
                                data__clients_item__previously_is_list = isinstance(data__clients_item__previously, (list, tuple))
                                if data__clients_item__previously_is_list:
                                    data__clients_item__previously_len = len(data__clients_item__previously)
                                    if data__clients_item__previously_len < 1:
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].previously".format(**locals()) + " must contain at least 1 items")
                                    for data__clients_item__previously_x, data__clients_item__previously_item in enumerate(data__clients_item__previously):
                                        if not isinstance(data__clients_item__previously_item, (str)):
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].previously[{data__clients_item__previously_x}]".format(**locals()) + " must be string")
                                        if isinstance(data__clients_item__previously_item, str):
                                            data__clients_item__previously_item_len = len(data__clients_item__previously_item)
                                            if data__clients_item__previously_item_len < 1:
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].previously[{data__clients_item__previously_x}]".format(**locals()) + " must be longer than or equal to 1 characters")
                                            if data__clients_item__previously_item_len > 255:
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].previously[{data__clients_item__previously_x}]".format(**locals()) + " must be shorter than or equal to 255 characters")
                                            if not REGEX_PATTERNS['^[^\\u0000-\\u001f\\u007f-\\u009f]*$'].search(data__clients_item__previously_item):
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].previously[{data__clients_item__previously_x}]".format(**locals()) + " must match pattern ^[^\\u0000-\\u001f\\u007f-\\u009f]*$")
                                            data__clients_item__previously_item_len = len(data__clients_item__previously_item)
                                            if data__clients_item__previously_item_len > 100:
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].previously[{data__clients_item__previously_x}]".format(**locals()) + " must be shorter than or equal to 100 characters")
                        if "notes" in data__clients_item_keys:
                            data__clients_item_keys.remove("notes")
                            data__clients_item__notes = data__clients_item["notes"]
                            if not isinstance(data__clients_item__notes, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].notes".format(**locals()) + " must be string")
                        if "projects" in data__clients_item_keys:
                            data__clients_item_keys.remove("projects")
                            data__clients_item__projects = data__clients_item["projects"]
                            if not isinstance(data__clients_item__projects, (str, list, tuple)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects".format(**locals()) + " must be string or array")
                            try:
                                if not isinstance(data__clients_item__projects, (list, tuple)):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects".format(**locals()) + " must be array")
                            except (JsonSchemaValueException, JsonSchemaValuesException):
                                if not (isinstance(data__clients_item__projects, str) and data__clients_item__projects == 'all'):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects".format(**locals()) + " must be one of ['all']")
                            else:
                                data__clients_item__projects_is_list = isinstance(data__clients_item__projects, (list, tuple))
                                if data__clients_item__projects_is_list:
                                    data__clients_item__projects_len = len(data__clients_item__projects)
                                    for data__clients_item__projects_x, data__clients_item__projects_item in enumerate(data__clients_item__projects):
                                        if not isinstance(data__clients_item__projects_item, (str, dict)):
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}]".format(**locals()) + " must be string or object")
                                        if isinstance(data__clients_item__projects_item, str):
                                            data__clients_item__projects_item_len = len(data__clients_item__projects_item)
                                            if data__clients_item__projects_item_len < 1:
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}]".format(**locals()) + " must be longer than or equal to 1 characters")
                                            if data__clients_item__projects_item_len > 255:
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}]".format(**locals()) + " must be shorter than or equal to 255 characters")
                                            if not REGEX_PATTERNS['^[^\\u0000-\\u001f\\u007f-\\u009f]*$'].search(data__clients_item__projects_item):
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}]".format(**locals()) + " must match pattern ^[^\\u0000-\\u001f\\u007f-\\u009f]*$")
                                        data__clients_item__projects_item_is_dict = isinstance(data__clients_item__projects_item, dict)
                                        if data__clients_item__projects_item_is_dict:
                                            data__clients_item__projects_item__missing_keys = set(['name']) - data__clients_item__projects_item.keys()
                                            if data__clients_item__projects_item__missing_keys:
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}]".format(**locals()) + " must contain ")
                                            data__clients_item__projects_item_keys = set(data__clients_item__projects_item.keys())
                                            if "name" in data__clients_item__projects_item_keys:
                                                data__clients_item__projects_item_keys.remove("name")
                                                data__clients_item__projects_item__name = data__clients_item__projects_item["name"]
                                                if not isinstance(data__clients_item__projects_item__name, (str)):
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].name".format(**locals()) + " must be string")
                                                if isinstance(data__clients_item__projects_item__name, str):
                                                    data__clients_item__projects_item__name_len = len(data__clients_item__projects_item__name)
                                                    if data__clients_item__projects_item__name_len < 1:
                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].name".format(**locals()) + " must be longer than or equal to 1 characters")
                                                    if data__clients_item__projects_item__name_len > 255:
                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].name".format(**locals()) + " must be shorter than or equal to 255 characters")
                                                    if not REGEX_PATTERNS['^[^\\u0000-\\u001f\\u007f-\\u009f]*$'].search(data__clients_item__projects_item__name):
                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].name".format(**locals()) + " must match pattern ^[^\\u0000-\\u001f\\u007f-\\u009f]*$")
                                            if "state" in data__clients_item__projects_item_keys:
                                                data__clients_item__projects_item_keys.remove("state")
                                                data__clients_item__projects_item__state = data__clients_item__projects_item["state"]
                                                if not (isinstance(data__clients_item__projects_item__state, str) and data__clients_item__projects_item__state == 'active' or isinstance(data__clients_item__projects_item__state, str) and data__clients_item__projects_item__state == 'archived' or isinstance(data__clients_item__projects_item__state, str) and data__clients_item__projects_item__state == 'absent'):
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].state".format(**locals()) + " must be one of ['active', 'archived', 'absent']")
                                            if "previously" in data__clients_item__projects_item_keys:
                                                data__clients_item__projects_item_keys.remove("previously")
                                                data__clients_item__projects_item__previously = data__clients_item__projects_item["previously"]
                                                if not isinstance(data__clients_item__projects_item__previously, (str, dict, list, tuple)):
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously".format(**locals()) + " must be string or object or array")
                                                if isinstance(data__clients_item__projects_item__previously, str):
                                                    data__clients_item__projects_item__previously_len = len(data__clients_item__projects_item__previously)
                                                    if data__clients_item__projects_item__previously_len < 1:
                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously".format(**locals()) + " must be longer than or equal to 1 characters")
                                                    if data__clients_item__projects_item__previously_len > 255:
                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously".format(**locals()) + " must be shorter than or equal to 255 characters")
                                                    if not REGEX_PATTERNS['^[^\\u0000-\\u001f\\u007f-\\u009f]*$'].search(data__clients_item__projects_item__previously):
                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously".format(**locals()) + " must match pattern ^[^\\u0000-\\u001f\\u007f-\\u009f]*$")
                                                data__clients_item__projects_item__previously_is_list = isinstance(data__clients_item__projects_item__previously, (list, tuple))
                                                if data__clients_item__projects_item__previously_is_list:
                                                    data__clients_item__projects_item__previously_len = len(data__clients_item__projects_item__previously)
                                                    if data__clients_item__projects_item__previously_len < 1:
                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously".format(**locals()) + " must contain at least 1 items")
                                                    for data__clients_item__projects_item__previously_x, data__clients_item__projects_item__previously_item in enumerate(data__clients_item__projects_item__previously):
                                                        if not isinstance(data__clients_item__projects_item__previously_item, (str, dict)):
                                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously[{data__clients_item__projects_item__previously_x}]".format(**locals()) + " must be string or object")
                                                        if isinstance(data__clients_item__projects_item__previously_item, str):
                                                            data__clients_item__projects_item__previously_item_len = len(data__clients_item__projects_item__previously_item)
                                                            if data__clients_item__projects_item__previously_item_len < 1:
                                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously[{data__clients_item__projects_item__previously_x}]".format(**locals()) + " must be longer than or equal to 1 characters")
                                                            if data__clients_item__projects_item__previously_item_len > 255:
                                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously[{data__clients_item__projects_item__previously_x}]".format(**locals()) + " must be shorter than or equal to 255 characters")
                                                            if not REGEX_PATTERNS['^[^\\u0000-\\u001f\\u007f-\\u009f]*$'].search(data__clients_item__projects_item__previously_item):
                                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously[{data__clients_item__projects_item__previously_x}]".format(**locals()) + " must match pattern ^[^\\u0000-\\u001f\\u007f-\\u009f]*$")
                                                        data__clients_item__projects_item__previously_item_is_dict = isinstance(data__clients_item__projects_item__previously_item, dict)
                                                        if data__clients_item__projects_item__previously_item_is_dict:
                                                            data__clients_item__projects_item__previously_item__missing_keys = set(['client']) - data__clients_item__projects_item__previously_item.keys()
                                                            if data__clients_item__projects_item__previously_item__missing_keys:
                                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously[{data__clients_item__projects_item__previously_x}]".format(**locals()) + " must contain ")
                                                            data__clients_item__projects_item__previously_item_keys = set(data__clients_item__projects_item__previously_item.keys())
                                                            if "client" in data__clients_item__projects_item__previously_item_keys:
                                                                data__clients_item__projects_item__previously_item_keys.remove("client")
                                                                data__clients_item__projects_item__previously_item__client = data__clients_item__projects_item__previously_item["client"]
                                                                if not isinstance(data__clients_item__projects_item__previously_item__client, (str, NoneType)):
                                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously[{data__clients_item__projects_item__previously_x}].client".format(**locals()) + " must be string or null")
                                                                try:
                                                                    if not isinstance(data__clients_item__projects_item__previously_item__client, (str)):
                                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously[{data__clients_item__projects_item__previously_x}].client".format(**locals()) + " must be string")
                                                                except (JsonSchemaValueException, JsonSchemaValuesException):
                                                                    pass
                                                                else:
                                                                    if not isinstance(data__clients_item__projects_item__previously_item__client, (str)):
                                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously[{data__clients_item__projects_item__previously_x}].client".format(**locals()) + " must be string")
                                                                    if isinstance(data__clients_item__projects_item__previously_item__client, str):
                                                                        data__clients_item__projects_item__previously_item__client_len = len(data__clients_item__projects_item__previously_item__client)
                                                                        if data__clients_item__projects_item__previously_item__client_len < 1:
                                                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously[{data__clients_item__projects_item__previously_x}].client".format(**locals()) + " must be longer than or equal to 1 characters")
                                                                        if data__clients_item__projects_item__previously_item__client_len > 255:
                                                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously[{data__clients_item__projects_item__previously_x}].client".format(**locals()) + " must be shorter than or equal to 255 characters")
                                                                        if not REGEX_PATTERNS['^[^\\u0000-\\u001f\\u007f-\\u009f]*$'].search(data__clients_item__projects_item__previously_item__client):
                                                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously[{data__clients_item__projects_item__previously_x}].client".format(**locals()) + " must match pattern ^[^\\u0000-\\u001f\\u007f-\\u009f]*$")
                                                                        data__clients_item__projects_item__previously_item__client_len = len(data__clients_item__projects_item__previously_item__client)
                                                                        if data__clients_item__projects_item__previously_item__client_len > 100:
                                                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously[{data__clients_item__projects_item__previously_x}].client".format(**locals()) + " must be shorter than or equal to 100 characters")
                                                            if "name" in data__clients_item__projects_item__previously_item_keys:
                                                                data__clients_item__projects_item__previously_item_keys.remove("name")
                                                                data__clients_item__projects_item__previously_item__name = data__clients_item__projects_item__previously_item["name"]
                                                                if not isinstance(data__clients_item__projects_item__previously_item__name, (str)):
                                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously[{data__clients_item__projects_item__previously_x}].name".format(**locals()) + " must be string")
                                                                if isinstance(data__clients_item__projects_item__previously_item__name, str):
                                                                    data__clients_item__projects_item__previously_item__name_len = len(data__clients_item__projects_item__previously_item__name)
                                                                    if data__clients_item__projects_item__previously_item__name_len < 1:
                                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously[{data__clients_item__projects_item__previously_x}].name".format(**locals()) + " must be longer than or equal to 1 characters")
                                                                    if data__clients_item__projects_item__previously_item__name_len > 255:
                                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously[{data__clients_item__projects_item__previously_x}].name".format(**locals()) + " must be shorter than or equal to 255 characters")
                                                                    if not REGEX_PATTERNS['^[^\\u0000-\\u001f\\u007f-\\u009f]*$'].search(data__clients_item__projects_item__previously_item__name):
                                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously[{data__clients_item__projects_item__previously_x}].name".format(**locals()) + " must match pattern ^[^\\u0000-\\u001f\\u007f-\\u009f]*$")
                                                            if data__clients_item__projects_item__previously_item_keys:
                                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously[{data__clients_item__projects_item__previously_x}]".format(**locals()) + " must not contain "+str(data__clients_item__projects_item__previously_item_keys)+" properties")
                                                data__clients_item__projects_item__previously_is_dict = isinstance(data__clients_item__projects_item__previously, dict)
                                                if data__clients_item__projects_item__previously_is_dict:
                                                    data__clients_item__projects_item__previously__missing_keys = set(['client']) - data__clients_item__projects_item__previously.keys()
                                                    if data__clients_item__projects_item__previously__missing_keys:
                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously".format(**locals()) + " must contain ")
                                                    data__clients_item__projects_item__previously_keys = set(data__clients_item__projects_item__previously.keys())
                                                    if "client" in data__clients_item__projects_item__previously_keys:
                                                        data__clients_item__projects_item__previously_keys.remove("client")
                                                        data__clients_item__projects_item__previously__client = data__clients_item__projects_item__previously["client"]
                                                        if not isinstance(data__clients_item__projects_item__previously__client, (str, NoneType)):
                                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously.client".format(**locals()) + " must be string or null")
                                                        try:
                                                            if not isinstance(data__clients_item__projects_item__previously__client, (str)):
                                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously.client".format(**locals()) + " must be string")
                                                        except (JsonSchemaValueException, JsonSchemaValuesException):
                                                            pass
                                                        else:
                                                            if not isinstance(data__clients_item__projects_item__previously__client, (str)):
                                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously.client".format(**locals()) + " must be string")
                                                            if isinstance(data__clients_item__projects_item__previously__client, str):
                                                                data__clients_item__projects_item__previously__client_len = len(data__clients_item__projects_item__previously__client)
                                                                if data__clients_item__projects_item__previously__client_len < 1:
                                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously.client".format(**locals()) + " must be longer than or equal to 1 characters")
                                                                if data__clients_item__projects_item__previously__client_len > 255:
                                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously.client".format(**locals()) + " must be shorter than or equal to 255 characters")
                                                                if not REGEX_PATTERNS['^[^\\u0000-\\u001f\\u007f-\\u009f]*$'].search(data__clients_item__projects_item__previously__client):
                                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously.client".format(**locals()) + " must match pattern ^[^\\u0000-\\u001f\\u007f-\\u009f]*$")
                                                                data__clients_item__projects_item__previously__client_len = len(data__clients_item__projects_item__previously__client)
                                                                if data__clients_item__projects_item__previously__client_len > 100:
                                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously.client".format(**locals()) + " must be shorter than or equal to 100 characters")
                                                    if "name" in data__clients_item__projects_item__previously_keys:
                                                        data__clients_item__projects_item__previously_keys.remove("name")
                                                        data__clients_item__projects_item__previously__name = data__clients_item__projects_item__previously["name"]
                                                        if not isinstance(data__clients_item__projects_item__previously__name, (str)):
                                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously.name".format(**locals()) + " must be string")
                                                        if isinstance(data__clients_item__projects_item__previously__name, str):
                                                            data__clients_item__projects_item__previously__name_len = len(data__clients_item__projects_item__previously__name)
                                                            if data__clients_item__projects_item__previously__name_len < 1:
                                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously.name".format(**locals()) + " must be longer than or equal to 1 characters")
                                                            if data__clients_item__projects_item__previously__name_len > 255:
                                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously.name".format(**locals()) + " must be shorter than or equal to 255 characters")
                                                            if not REGEX_PATTERNS['^[^\\u0000-\\u001f\\u007f-\\u009f]*$'].search(data__clients_item__projects_item__previously__name):
                                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously.name".format(**locals()) + " must match pattern ^[^\\u0000-\\u001f\\u007f-\\u009f]*$")
                                                    if data__clients_item__projects_item__previously_keys:
                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].previously".format(**locals()) + " must not contain "+str(data__clients_item__projects_item__previously_keys)+" properties")
                                            if "color" in data__clients_item__projects_item_keys:
                                                data__clients_item__projects_item_keys.remove("color")
                                                data__clients_item__projects_item__color = data__clients_item__projects_item["color"]
                                                if not isinstance(data__clients_item__projects_item__color, (str)):
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].color".format(**locals()) + " must be string")
                                                if isinstance(data__clients_item__projects_item__color, str):
                                                    if not REGEX_PATTERNS['^#[0-9a-fA-F]{6}$'].search(data__clients_item__projects_item__color):
                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].color".format(**locals()) + " must match pattern ^#[0-9a-fA-F]{6}$")
                                            if "is_private" in data__clients_item__projects_item_keys:
                                                data__clients_item__projects_item_keys.remove("is_private")
                                                data__clients_item__projects_item__isprivate = data__clients_item__projects_item["is_private"]
                                                if not isinstance(data__clients_item__projects_item__isprivate, (bool)):
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].is_private".format(**locals()) + " must be boolean")
                                            if "billable" in data__clients_item__projects_item_keys:
                                                data__clients_item__projects_item_keys.remove("billable")
                                                data__clients_item__projects_item__billable = data__clients_item__projects_item["billable"]
                                                if not isinstance(data__clients_item__projects_item__billable, (bool)):
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].billable".format(**locals()) + " must be boolean")
                                            if "estimated_hours" in data__clients_item__projects_item_keys:
                                                data__clients_item__projects_item_keys.remove("estimated_hours")
                                                data__clients_item__projects_item__estimatedhours = data__clients_item__projects_item["estimated_hours"]
                                                if not isinstance(data__clients_item__projects_item__estimatedhours, (int, NoneType)) and not (isinstance(data__clients_item__projects_item__estimatedhours, float) and data__clients_item__projects_item__estimatedhours.is_integer()) or isinstance(data__clients_item__projects_item__estimatedhours, bool):
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].estimated_hours".format(**locals()) + " must be integer or null")
                                                if isinstance(data__clients_item__projects_item__estimatedhours, (int, float, Decimal)) and not isinstance(data__clients_item__projects_item__estimatedhours, bool):
                                                    if data__clients_item__projects_item__estimatedhours < 0:
                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].estimated_hours".format(**locals()) + " must be bigger than or equal to 0")
                                            if "time_entries" in data__clients_item__projects_item_keys:
                                                data__clients_item__projects_item_keys.remove("time_entries")
                                                data__clients_item__projects_item__timeentries = data__clients_item__projects_item["time_entries"]
                                                if not (isinstance(data__clients_item__projects_item__timeentries, str) and data__clients_item__projects_item__timeentries == 'unassign' or isinstance(data__clients_item__projects_item__timeentries, str) and data__clients_item__projects_item__timeentries == 'delete'):
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}].time_entries".format(**locals()) + " must be one of ['unassign', 'delete']")
                                            if data__clients_item__projects_item_keys:
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}].projects[{data__clients_item__projects_x}]".format(**locals()) + " must not contain "+str(data__clients_item__projects_item_keys)+" properties")
                        if data__clients_item_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".clients[{data__clients_x}]".format(**locals()) + " must not contain "+str(data__clients_item_keys)+" properties")
        if "projects" in data_keys:
            data_keys.remove("projects")
            data__projects = data["projects"]
            if not isinstance(data__projects, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects must be array")
            data__projects_is_list = isinstance(data__projects, (list, tuple))
            if data__projects_is_list:
                data__projects_len = len(data__projects)
                for data__projects_x, data__projects_item in enumerate(data__projects):
                    if not isinstance(data__projects_item, (str, dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}]".format(**locals()) + " must be string or object")
                    if isinstance(data__projects_item, str):
                        data__projects_item_len = len(data__projects_item)
                        if data__projects_item_len < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}]".format(**locals()) + " must be longer than or equal to 1 characters")
                        if data__projects_item_len > 255:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}]".format(**locals()) + " must be shorter than or equal to 255 characters")
                        if not REGEX_PATTERNS['^[^\\u0000-\\u001f\\u007f-\\u009f]*$'].search(data__projects_item):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}]".format(**locals()) + " must match pattern ^[^\\u0000-\\u001f\\u007f-\\u009f]*$")
                    data__projects_item_is_dict = isinstance(data__projects_item, dict)
                    if data__projects_item_is_dict:
                        data__projects_item__missing_keys = set(['name']) - data__projects_item.keys()
                        if data__projects_item__missing_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}]".format(**locals()) + " must contain ")
                        data__projects_item_keys = set(data__projects_item.keys())
                        if "name" in data__projects_item_keys:
                            data__projects_item_keys.remove("name")
                            data__projects_item__name = data__projects_item["name"]
                            if not isinstance(data__projects_item__name, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].name".format(**locals()) + " must be string")
                            if isinstance(data__projects_item__name, str):
                                data__projects_item__name_len = len(data__projects_item__name)
                                if data__projects_item__name_len < 1:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].name".format(**locals()) + " must be longer than or equal to 1 characters")
                                if data__projects_item__name_len > 255:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].name".format(**locals()) + " must be shorter than or equal to 255 characters")
                                if not REGEX_PATTERNS['^[^\\u0000-\\u001f\\u007f-\\u009f]*$'].search(data__projects_item__name):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].name".format(**locals()) + " must match pattern ^[^\\u0000-\\u001f\\u007f-\\u009f]*$")
                        if "state" in data__projects_item_keys:
                            data__projects_item_keys.remove("state")
                            data__projects_item__state = data__projects_item["state"]
                            if not (isinstance(data__projects_item__state, str) and data__projects_item__state == 'active' or isinstance(data__projects_item__state, str) and data__projects_item__state == 'archived' or isinstance(data__projects_item__state, str) and data__projects_item__state == 'absent'):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].state".format(**locals()) + " must be one of ['active', 'archived', 'absent']")
                        if "previously" in data__projects_item_keys:
                            data__projects_item_keys.remove("previously")
                            data__projects_item__previously = data__projects_item["previously"]
                            if not isinstance(data__projects_item__previously, (str, dict, list, tuple)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously".format(**locals()) + " must be string or object or array")
                            if isinstance(data__projects_item__previously, str):
                                data__projects_item__previously_len = len(data__projects_item__previously)
                                if data__projects_item__previously_len < 1:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously".format(**locals()) + " must be longer than or equal to 1 characters")
                                if data__projects_item__previously_len > 255:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously".format(**locals()) + " must be shorter than or equal to 255 characters")
                                if not REGEX_PATTERNS['^[^\\u0000-\\u001f\\u007f-\\u009f]*$'].search(data__projects_item__previously):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously".format(**locals()) + " must match pattern ^[^\\u0000-\\u001f\\u007f-\\u009f]*$")
                            data__projects_item__previously_is_list = isinstance(data__projects_item__previously, (list, tuple))
                            if data__projects_item__previously_is_list:
                                data__projects_item__previously_len = len(data__projects_item__previously)
                                if data__projects_item__previously_len < 1:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously".format(**locals()) + " must contain at least 1 items")
                                for data__projects_item__previously_x, data__projects_item__previously_item in enumerate(data__projects_item__previously):
                                    if not isinstance(data__projects_item__previously_item, (str, dict)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously[{data__projects_item__previously_x}]".format(**locals()) + " must be string or object")
                                    if isinstance(data__projects_item__previously_item, str):
                                        data__projects_item__previously_item_len = len(data__projects_item__previously_item)
                                        if data__projects_item__previously_item_len < 1:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously[{data__projects_item__previously_x}]".format(**locals()) + " must be longer than or equal to 1 characters")
                                        if data__projects_item__previously_item_len > 255:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously[{data__projects_item__previously_x}]".format(**locals()) + " must be shorter than or equal to 255 characters")
                                        if not REGEX_PATTERNS['^[^\\u0000-\\u001f\\u007f-\\u009f]*$'].search(data__projects_item__previously_item):
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously[{data__projects_item__previously_x}]".format(**locals()) + " must match pattern ^[^\\u0000-\\u001f\\u007f-\\u009f]*$")
                                    data__projects_item__previously_item_is_dict = isinstance(data__projects_item__previously_item, dict)
                                    if data__projects_item__previously_item_is_dict:
                                        data__projects_item__previously_item__missing_keys = set(['client']) - data__projects_item__previously_item.keys()
                                        if data__projects_item__previously_item__missing_keys:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously[{data__projects_item__previously_x}]".format(**locals()) + " must contain ")
                                        data__projects_item__previously_item_keys = set(data__projects_item__previously_item.keys())
                                        if "client" in data__projects_item__previously_item_keys:
                                            data__projects_item__previously_item_keys.remove("client")
                                            data__projects_item__previously_item__client = data__projects_item__previously_item["client"]
                                            if not isinstance(data__projects_item__previously_item__client, (str, NoneType)):
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously[{data__projects_item__previously_x}].client".format(**locals()) + " must be string or null")
                                            try:
                                                if not isinstance(data__projects_item__previously_item__client, (str)):
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously[{data__projects_item__previously_x}].client".format(**locals()) + " must be string")
                                            except (JsonSchemaValueException, JsonSchemaValuesException):
                                                pass
                                            else:
                                                if not isinstance(data__projects_item__previously_item__client, (str)):
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously[{data__projects_item__previously_x}].client".format(**locals()) + " must be string")
                                                if isinstance(data__projects_item__previously_item__client, str):
                                                    data__projects_item__previously_item__client_len = len(data__projects_item__previously_item__client)
                                                    if data__projects_item__previously_item__client_len < 1:
                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously[{data__projects_item__previously_x}].client".format(**locals()) + " must be longer than or equal to 1 characters")
                                                    if data__projects_item__previously_item__client_len > 255:
                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously[{data__projects_item__previously_x}].client".format(**locals()) + " must be shorter than or equal to 255 characters")
                                                    if not REGEX_PATTERNS['^[^\\u0000-\\u001f\\u007f-\\u009f]*$'].search(data__projects_item__previously_item__client):
                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously[{data__projects_item__previously_x}].client".format(**locals()) + " must match pattern ^[^\\u0000-\\u001f\\u007f-\\u009f]*$")
                                                    data__projects_item__previously_item__client_len = len(data__projects_item__previously_item__client)
                                                    if data__projects_item__previously_item__client_len > 100:
                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously[{data__projects_item__previously_x}].client".format(**locals()) + " must be shorter than or equal to 100 characters")
                                        if "name" in data__projects_item__previously_item_keys:
                                            data__projects_item__previously_item_keys.remove("name")
                                            data__projects_item__previously_item__name = data__projects_item__previously_item["name"]
                                            if not isinstance(data__projects_item__previously_item__name, (str)):
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously[{data__projects_item__previously_x}].name".format(**locals()) + " must be string")
                                            if isinstance(data__projects_item__previously_item__name, str):
                                                data__projects_item__previously_item__name_len = len(data__projects_item__previously_item__name)
                                                if data__projects_item__previously_item__name_len < 1:
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously[{data__projects_item__previously_x}].name".format(**locals()) + " must be longer than or equal to 1 characters")
                                                if data__projects_item__previously_item__name_len > 255:
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously[{data__projects_item__previously_x}].name".format(**locals()) + " must be shorter than or equal to 255 characters")
                                                if not REGEX_PATTERNS['^[^\\u0000-\\u001f\\u007f-\\u009f]*$'].search(data__projects_item__previously_item__name):
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously[{data__projects_item__previously_x}].name".format(**locals()) + " must match pattern ^[^\\u0000-\\u001f\\u007f-\\u009f]*$")
                                        if data__projects_item__previously_item_keys:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously[{data__projects_item__previously_x}]".format(**locals()) + " must not contain "+str(data__projects_item__previously_item_keys)+" properties")
                            data__projects_item__previously_is_dict = isinstance(data__projects_item__previously, dict)
                            if data__projects_item__previously_is_dict:
                                data__projects_item__previously__missing_keys = set(['client']) - data__projects_item__previously.keys()
                                if data__projects_item__previously__missing_keys:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously".format(**locals()) + " must contain ")
                                data__projects_item__previously_keys = set(data__projects_item__previously.keys())
                                if "client" in data__projects_item__previously_keys:
                                    data__projects_item__previously_keys.remove("client")
                                    data__projects_item__previously__client = data__projects_item__previously["client"]
                                    if not isinstance(data__projects_item__previously__client, (str, NoneType)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously.client".format(**locals()) + " must be string or null")
                                    try:
                                        if not isinstance(data__projects_item__previously__client, (str)):
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously.client".format(**locals()) + " must be string")
                                    except (JsonSchemaValueException, JsonSchemaValuesException):
                                        pass
                                    else:
                                        if not isinstance(data__projects_item__previously__client, (str)):
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously.client".format(**locals()) + " must be string")
                                        if isinstance(data__projects_item__previously__client, str):
                                            data__projects_item__previously__client_len = len(data__projects_item__previously__client)
                                            if data__projects_item__previously__client_len < 1:
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously.client".format(**locals()) + " must be longer than or equal to 1 characters")
                                            if data__projects_item__previously__client_len > 255:
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously.client".format(**locals()) + " must be shorter than or equal to 255 characters")
                                            if not REGEX_PATTERNS['^[^\\u0000-\\u001f\\u007f-\\u009f]*$'].search(data__projects_item__previously__client):
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously.client".format(**locals()) + " must match pattern ^[^\\u0000-\\u001f\\u007f-\\u009f]*$")
                                            data__projects_item__previously__client_len = len(data__projects_item__previously__client)
                                            if data__projects_item__previously__client_len > 100:
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously.client".format(**locals()) + " must be shorter than or equal to 100 characters")
                                if "name" in data__projects_item__previously_keys:
                                    data__projects_item__previously_keys.remove("name")
                                    data__projects_item__previously__name = data__projects_item__previously["name"]
                                    if not isinstance(data__projects_item__previously__name, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously.name".format(**locals()) + " must be string")
                                    if isinstance(data__projects_item__previously__name, str):
                                        data__projects_item__previously__name_len = len(data__projects_item__previously__name)
                                        if data__projects_item__previously__name_len < 1:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously.name".format(**locals()) + " must be longer than or equal to 1 characters")
                                        if data__projects_item__previously__name_len > 255:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously.name".format(**locals()) + " must be shorter than or equal to 255 characters")
                                        if not REGEX_PATTERNS['^[^\\u0000-\\u001f\\u007f-\\u009f]*$'].search(data__projects_item__previously__name):
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously.name".format(**locals()) + " must match pattern ^[^\\u0000-\\u001f\\u007f-\\u009f]*$")
                                if data__projects_item__previously_keys:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].previously".format(**locals()) + " must not contain "+str(data__projects_item__previously_keys)+" properties")
                        if "color" in data__projects_item_keys:
                            data__projects_item_keys.remove("color")
                            data__projects_item__color = data__projects_item["color"]
                            if not isinstance(data__projects_item__color, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].color".format(**locals()) + " must be string")
                            if isinstance(data__projects_item__color, str):
                                if not REGEX_PATTERNS['^#[0-9a-fA-F]{6}$'].search(data__projects_item__color):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].color".format(**locals()) + " must match pattern ^#[0-9a-fA-F]{6}$")
                        if "is_private" in data__projects_item_keys:
                            data__projects_item_keys.remove("is_private")
                            data__projects_item__isprivate = data__projects_item["is_private"]
                            if not isinstance(data__projects_item__isprivate, (bool)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].is_private".format(**locals()) + " must be boolean")
                        if "billable" in data__projects_item_keys:
                            data__projects_item_keys.remove("billable")
                            data__projects_item__billable = data__projects_item["billable"]
                            if not isinstance(data__projects_item__billable, (bool)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].billable".format(**locals()) + " must be boolean")
                        if "estimated_hours" in data__projects_item_keys:
                            data__projects_item_keys.remove("estimated_hours")
                            data__projects_item__estimatedhours = data__projects_item["estimated_hours"]
                            if not isinstance(data__projects_item__estimatedhours, (int, NoneType)) and not (isinstance(data__projects_item__estimatedhours, float) and data__projects_item__estimatedhours.is_integer()) or isinstance(data__projects_item__estimatedhours, bool):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].estimated_hours".format(**locals()) + " must be integer or null")
                            if isinstance(data__projects_item__estimatedhours, (int, float, Decimal)) and not isinstance(data__projects_item__estimatedhours, bool):
                                if data__projects_item__estimatedhours < 0:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].estimated_hours".format(**locals()) + " must be bigger than or equal to 0")
                        if "time_entries" in data__projects_item_keys:
                            data__projects_item_keys.remove("time_entries")
                            data__projects_item__timeentries = data__projects_item["time_entries"]
                            if not (isinstance(data__projects_item__timeentries, str) and data__projects_item__timeentries == 'unassign' or isinstance(data__projects_item__timeentries, str) and data__projects_item__timeentries == 'delete'):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}].time_entries".format(**locals()) + " must be one of ['unassign', 'delete']")
                        if data__projects_item_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".projects[{data__projects_x}]".format(**locals()) + " must not contain "+str(data__projects_item_keys)+" properties")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data


check = validate_https___toggl_reconciler_invalid_schemas_config_schema_json
