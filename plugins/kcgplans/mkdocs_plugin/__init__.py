"""The MkDocs side: the only part of kcgplans that knows about MkDocs and Material."""
