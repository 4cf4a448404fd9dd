package ingest

import (
	"reflect"
	"testing"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" when not a date
	}{
		// ISO and timestamps from metadata
		{"2021-12-28", "2021-12-28"},
		{"2021-12-28T19:31:00+07:00", "2021-12-28"},
		{"2021-12-28T12:31:00.000Z", "2021-12-28"},
		{"2021/12/28", "2021-12-28"},
		{"Tue, 28 Dec 2021 19:31:00 +0700", "2021-12-28"},
		// Vietnamese
		{"Thứ Ba, 28/12/2021, 19:31", "2021-12-28"},
		{"Thứ Ba, 28/12/2021, 19:31 (GMT+7)", "2021-12-28"},
		{"Chủ Nhật, 2/1/2022 08:00", "2022-01-02"},
		{"28/12/2021", "2021-12-28"},
		{"ngày 5/9/2019", "2019-09-05"},
		{"Ngày 5 tháng 9 năm 2019", "2019-09-05"},
		{"ngày 28 tháng 12 năm 2021", "2021-12-28"},
		{"ngay 28 thang 12 nam 2021", "2021-12-28"},
		{"vào ngày 5-9-2019", "2019-09-05"},
		{"5-9-2019", "2019-09-05"},
		{"28.12.2021", "2021-12-28"},
		{"NGÀY 28 THÁNG 12 NĂM 2021", "2021-12-28"},
		// English
		{"December 28, 2021", "2021-12-28"},
		{"September 5, 2019", "2019-09-05"},
		{"on August 6, 2018", "2018-08-06"},
		{"28 December 2021", "2021-12-28"},
		{"Dec. 28, 2021", "2021-12-28"},
		{"Sept. 5, 2019", "2019-09-05"},
		{"Dec 28 2021", "2021-12-28"},
		{"December 28th, 2021", "2021-12-28"},
		{"the 28th of December 2021", "2021-12-28"},
		{"Tuesday, December 28, 2021", "2021-12-28"},
		{"12/28/2021", "2021-12-28"}, // day-first impossible, so month first
		// Leap years and the calendar
		{"29/02/2024", "2024-02-29"},
		{"29/02/2023", ""},
		{"February 29, 1900", ""},
		{"February 29, 2000", "2000-02-29"},
		{"31/04/2021", ""},
		{"April 31, 2021", ""},
		{"2021-13-01", ""},
		{"0/12/2021", ""},
		{"32 December 2021", ""},
		// Not a single dated expression
		{"", ""},
		{"December 27", ""},               // no year
		{"ngày 27/12", ""},                // no year
		{"2022 - 2025", ""},               // a range of years
		{"December 2021", ""},             // a month
		{"28/12/2021 and 29/12/2021", ""}, // two dates
		{"opened on December 28, 2021 in Hanoi", ""},
		{"Decree 15/2020/ND-CP", ""},
		{"1/2/2021/QĐ-TTg", ""},
		{"yesterday", ""},
	}
	for _, tt := range tests {
		got, ok := ParseDate(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestParseDateDecomposed(t *testing.T) {
	// "tháng" and "năm" with combining marks (NFD) parse like the NFC form.
	in := "ngày 5 tha\u0301ng 9 na\u0306m 2019"
	if got, ok := ParseDate(in); !ok || got != "2019-09-05" {
		t.Errorf("ParseDate(NFD) = %q, %v", got, ok)
	}
}

func TestFindDates(t *testing.T) {
	s := "Resolution No. 51-NQ/TW issued on September 5, 2019, Decree 01/2018/ND-CP of 6/8/2018, " +
		"opened on December 27 and closed ngày 29/12; may 5 people come; Nghị quyết ngày 5 tháng 9 năm 2019."
	var got []string
	var years []int
	for _, d := range FindDates(s) {
		got = append(got, s[d.Start:d.End])
		years = append(years, d.Year)
	}
	want := []string{"September 5, 2019", "6/8/2018", "December 27", "ngày 29/12", "ngày 5 tháng 9 năm 2019"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FindDates spans = %q\nwant %q", got, want)
	}
	if wantYears := []int{2019, 2018, 0, 0, 2019}; !reflect.DeepEqual(years, wantYears) {
		t.Errorf("years = %v, want %v", years, wantYears)
	}
}

func TestDateSpanInYear(t *testing.T) {
	tests := []struct {
		d    DateSpan
		year int
		want string
	}{
		{DateSpan{Month: 12, Day: 27}, 2021, "2021-12-27"},
		{DateSpan{Month: 2, Day: 29}, 2024, "2024-02-29"},
		{DateSpan{Month: 2, Day: 29}, 2023, ""},
		{DateSpan{Year: 2019, Month: 9, Day: 5}, 2021, "2019-09-05"},
	}
	for _, tt := range tests {
		got, ok := tt.d.InYear(tt.year)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("%+v.InYear(%d) = %q, %v; want %q", tt.d, tt.year, got, ok, tt.want)
		}
	}
}

func TestFindDateline(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"vietnamese dateline under the title",
			"Hội nghị khai mạc tại Hà Nội\n\nThứ Ba, 28/12/2021, 19:31\n\nHội nghị đã khai mạc sáng nay.", "2021-12-28"},
		{"english dateline",
			"Conference opens\nDecember 28, 2021\nThe conference opened on Monday.", "2021-12-28"},
		{"dateline opening the lead",
			"Conference opens\n\nHANOI, Dec. 28, 2021 — The conference opened on Monday after a long preparation that took many months of work by several agencies.", "2021-12-28"},
		{"vietnamese long form",
			"Tiêu đề\nHà Nội, ngày 28 tháng 12 năm 2021\nNội dung.", "2021-12-28"},
		{"no year is no dateline",
			"Conference opens\nDecember 28\nThe conference opened.", ""},
		{"a date deep in the text is not the dateline",
			"Conference opens\n\nThe conference, which many delegates from the provinces attended in person, reviewed the resolution of September 5, 2019.", ""},
		{"impossible date",
			"Title\n31/02/2021\nText.", ""},
	}
	for _, tt := range tests {
		if got := findDateline(tt.text); got != tt.want {
			t.Errorf("%s: findDateline = %q, want %q", tt.name, got, tt.want)
		}
	}
}
