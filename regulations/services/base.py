"""What every regulation workflow shares: the refusal it raises and the message of a signed header."""

from django.utils.translation import gettext_lazy


class RegulationError(ValueError):
    """A request the rules of the regulation do not allow; the message is shown to the user as is."""


HEADER_LOCKED = gettext_lazy("Quy chế đã ký: thông tin chung không sửa được; nội dung chỉ sửa bằng văn bản "
                             "sửa đổi, bổ sung.")
